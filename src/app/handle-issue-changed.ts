import type { Context } from "probot";
import type { AppDependencies } from "./app-dependencies.ts";
import { openRepository } from "./open-repository.ts";
import { reconcileAffectedPlan } from "./reconcile-affected-plan.ts";

type IssueEvent =
  | "issues.edited"
  | "issues.closed"
  | "issues.reopened"
  | "issues.unlabeled"
  | "issues.labeled";

/** A plan or task issue changed (edited, closed, reopened, relabelled): reconcile its plan. */
export async function handleIssueChanged(
  context: Context<IssueEvent>,
  dependencies: AppDependencies,
): Promise<void> {
  if (context.payload.sender.login === (await dependencies.selfLogin())) return;
  const repository = await openRepository(context, dependencies);
  await reconcileAffectedPlan(context, dependencies, repository, context.payload.issue);
}
