import type { PlanClaim } from "../core/plan/plan-of-issue.ts";
import type { EventRoute } from "../core/plan/route-event.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import type { OpenRepository } from "./open-repository.ts";
import { syncPlans } from "./sync-plans.ts";

const TASK_BRANCH = /^foreman\/(\d+)\/(.+)$/;

/**
 * `merge_group.checks_requested`: reconciles the plans whose task PRs are in the group, so the engine
 * reports `foreman/verify` on the group's head and the queue never waits on it (issue #10).
 */
export async function syncMergeGroup(
  context: ForemanEventContext,
  dependencies: AppDependencies,
  repository: OpenRepository,
  route: Extract<EventRoute, { kind: "merge-group" }>,
): Promise<void> {
  const claims: PlanClaim[] = [];
  for (const number of route.pullNumbers) {
    const pull = await repository.shell.forge.getPull(number);
    const match = TASK_BRANCH.exec(pull?.branch ?? "");
    const plan = Number(match?.[1] ?? 0);
    if (plan > 0 && !claims.some((claim) => claim.plan === plan))
      claims.push({ plan, task: match?.[2] ?? null, adopted: null });
  }
  if (claims.length === 0) return;
  await syncPlans(context, dependencies, repository, {
    kind: "sync",
    claims,
    released: null,
    startIfNew: null,
  });
}
