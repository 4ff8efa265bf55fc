import type { StartRequest } from "../core/plan/route-event.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { refusePlanLabel } from "./refuse-plan-label.ts";

/**
 * The plan label added: a writer starts the plan, approving the text the label event carried; anyone
 * else gets the label taken off again with a short note.
 */
export async function startPlan(
  context: ForemanEventContext,
  dependencies: AppDependencies,
  repository: OpenRepository,
  planNumber: number,
  start: StartRequest,
): Promise<void> {
  const verdict = await authorizeSender(start.actor, repository);
  if (verdict === "ignore") return;
  const by = start.actor.login;
  if (verdict === "refuse") return refusePlanLabel(repository, planNumber, by);
  const { owner, repo } = context.repo();
  await dependencies.queue.run(planKey(owner, repo, planNumber), () =>
    runPlanReconcile(repository.shell, { planNumber, intent: { kind: "approve", by, spec: start.spec } }),
  );
}
