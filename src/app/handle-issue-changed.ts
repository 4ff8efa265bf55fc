import type { Context } from "probot";
import type { AppDependencies } from "./app-dependencies.ts";
import { type OpenRepository, openRepository } from "./open-repository.ts";
import { reconcileAffectedPlan } from "./reconcile-affected-plan.ts";
import { reconcileBlockedPlans } from "./reconcile-blocked-plans.ts";

type IssueEvent =
  | "issues.edited"
  | "issues.closed"
  | "issues.reopened"
  | "issues.unlabeled"
  | "issues.labeled";

/**
 * A plan or task issue changed (edited, closed, reopened, relabelled): reconcile its plan. Any issue
 * closed or reopened, even by Foreman itself, may release or hold tasks of plans that wait for it
 * (`Depends on: #99`): those plans are reconciled too.
 */
export async function handleIssueChanged(
  context: Context<IssueEvent>,
  dependencies: AppDependencies,
): Promise<void> {
  const { action, issue, sender } = context.payload;
  const own = sender.login === (await dependencies.selfLogin());
  const stateChanged = action === "closed" || action === "reopened";
  if (own && !stateChanged) return;
  let repository: Promise<OpenRepository> | undefined;
  const open = () => {
    repository ??= openRepository(context, dependencies);
    return repository;
  };
  if (!own) await reconcileAffectedPlan(context, dependencies, await open(), issue);
  if (stateChanged) await reconcileBlockedPlans(context, dependencies, open, issue);
}
