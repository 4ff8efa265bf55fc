import { planOfIssue } from "../core/plan/plan-of-issue.ts";
import type { PlanIntent } from "../core/plan/plan-round.ts";
import type { EventRoute } from "../core/plan/route-event.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import { confirmPlanClaim } from "./confirm-plan-claim.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";

/**
 * Level-triggered: reconcile each plan an event concerns from GitHub's current state. An issue closed
 * or reopened also concerns the plans with a task it blocks (`Depends on: #99`), found through GitHub's
 * `blocking` list (in this repository only: other repositories' plans are out of this Forge's reach).
 */
export async function syncPlans(
  context: ForemanEventContext,
  dependencies: AppDependencies,
  repository: OpenRepository,
  route: Extract<EventRoute, { kind: "sync" }>,
): Promise<void> {
  const { forge } = repository.shell;
  const claims = [...route.claims];
  if (route.released !== null) {
    const who = { label: repository.config.label, selfLogin: repository.selfLogin };
    const here = `/${forge.owner}/${forge.repo}/issues/`;
    for (const blocked of await forge.listBlocking(route.released)) {
      const claim = blocked.url.includes(here) ? planOfIssue(blocked, who) : null;
      if (claim && claim.adopted === null && !claims.some((known) => known.plan === claim.plan))
        claims.push(claim);
    }
  }
  let intent: PlanIntent = { kind: "sync" };
  if (route.startIfNew) {
    const { actor, spec } = route.startIfNew;
    const verdict = await authorizeSender(actor, repository);
    if (verdict === "allow") intent = { kind: "start-if-new", by: actor.login, spec };
    // Someone who may not start it edited a labelled plan: should its start be lost (the re-drive
    // rebuilds it), the labelled text is not known any more, so a never-started plan says so now.
    if (verdict === "refuse") intent = { kind: "start-if-new", by: actor.login, spec: null };
  }
  const { owner, repo } = context.repo();
  for (const claim of claims) {
    if (!(await confirmPlanClaim(claim, repository))) continue;
    const planIntent = claim.plan === route.claims[0]?.plan ? intent : { kind: "sync" as const };
    const run = () =>
      runPlanReconcile(repository.shell, { planNumber: claim.plan, intent: planIntent }).then(() => {});
    const key = planKey(owner, repo, claim.plan);
    // A plain sync waiting behind another is shared: one reconcile after the running one sees every change.
    await (planIntent.kind === "sync"
      ? dependencies.queue.runCoalesced(key, run)
      : dependencies.queue.run(key, run));
  }
}
