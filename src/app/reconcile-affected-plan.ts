import type { Context } from "probot";
import { readMarkers } from "../core/plan/read-markers.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { loadPlan } from "./load-plan.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { runPlanReconcile } from "./run-plan-reconcile.ts";

type IssueFacts = { number: number; body?: string | null; labels?: Array<{ name?: string } | string | null> };

/**
 * Level-triggered: whatever happened to a plan issue or one of its task issues, reconcile that plan
 * from GitHub's current state. Issues that are neither are left alone.
 */
export async function reconcileAffectedPlan(
  context: Context,
  dependencies: AppDependencies,
  repository: OpenRepository,
  issue: IssueFacts,
): Promise<void> {
  const labels = (issue.labels ?? []).map((label) =>
    typeof label === "string" ? label : (label?.name ?? ""),
  );
  const taskMarker = readMarkers(issue.body ?? "").find((marker) => marker.kind === "task");
  const planNumber = labels.includes(repository.config.label)
    ? issue.number
    : taskMarker?.kind === "task"
      ? taskMarker.plan
      : undefined;
  if (planNumber === undefined) return;
  const { owner, repo } = context.repo();
  await dependencies.queue.runCoalesced(planKey(owner, repo, planNumber), async () => {
    const loaded = await loadPlan(repository.reconcile, planNumber);
    if (loaded) await runPlanReconcile(repository.reconcile, loaded, null);
  });
}
