import type { Context } from "probot";
import { authorizeActor } from "../core/commands/authorize-actor.ts";
import { formatMarker } from "../core/plan/format-marker.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { loadPlan } from "./load-plan.ts";
import { openRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { reconcileAffectedPlan } from "./reconcile-affected-plan.ts";
import { runPlanReconcile } from "./run-plan-reconcile.ts";

/**
 * The plan label added: a writer starts the plan (approving its current text); anyone else gets the
 * label taken off again with a short note. Any other label is just a change to reconcile.
 */
export async function handleIssueLabeled(
  context: Context<"issues.labeled">,
  dependencies: AppDependencies,
): Promise<void> {
  const { issue, label, sender } = context.payload;
  if (sender.login === (await dependencies.selfLogin())) return;
  const repository = await openRepository(context, dependencies);
  if (label?.name !== repository.config.label)
    return reconcileAffectedPlan(context, dependencies, repository, issue);
  const { forge } = repository.reconcile;
  const verdict = await authorizeActor(sender, {
    selfLogin: repository.selfLogin,
    allowBots: repository.config.result.ok ? repository.config.result.config.allowBots : [],
    permission: () => forge.getPermission(sender.login),
  });
  if (verdict === "ignore") return;
  if (verdict === "refuse") {
    await forge.removeLabel(issue.number, label.name);
    await forge.ensureComment(
      issue.number,
      (marker) =>
        marker.kind === "label-refused" && marker.plan === issue.number && marker.by === sender.login,
      `@${sender.login}, only people with write access can start a Foreman plan, so I took the \`${label.name}\` label off again. A maintainer can add it.\n\n${formatMarker({ kind: "label-refused", plan: issue.number, by: sender.login })}\n`,
    );
    return;
  }
  const { owner, repo } = context.repo();
  await dependencies.queue.run(planKey(owner, repo, issue.number), async () => {
    const loaded = await loadPlan(repository.reconcile, issue.number);
    if (loaded) await runPlanReconcile(repository.reconcile, loaded, sender.login);
  });
}
