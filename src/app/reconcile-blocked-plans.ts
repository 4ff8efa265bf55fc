import type { Context } from "probot";
import { z } from "zod";
import { readMarkers } from "../core/plan/read-markers.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { loadPlan } from "./load-plan.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { runPlanReconcile } from "./run-plan-reconcile.ts";

/** GitHub's count of the issues an issue blocks, when the payload carries it. */
const summarySchema = z.object({
  issue_dependencies_summary: z.object({ total_blocking: z.number() }).optional(),
});

/**
 * An issue was closed or reopened: reconcile every plan with a task blocked by it (`Depends on: #99`),
 * since a closed blocker releases its tasks and a reopened one holds them again. The issue's own plan,
 * if it is a plan's task, is left to the caller. Costs nothing when GitHub says the issue blocks
 * nothing, else one read of what it blocks.
 */
export async function reconcileBlockedPlans(
  context: Context,
  dependencies: AppDependencies,
  openRepository: () => Promise<OpenRepository>,
  issue: { number: number; body?: string | null; html_url: string },
): Promise<void> {
  const summary = summarySchema.safeParse(issue);
  if (summary.success && summary.data.issue_dependencies_summary?.total_blocking === 0) return;
  const own = readMarkers(issue.body ?? "").find((marker) => marker.kind === "task");
  const repository = await openRepository();
  const { forge } = repository.reconcile;
  // Issues it blocks in the owner's other repositories belong to plans this repository's Forge cannot reach.
  const here = `${issue.html_url.replace(/\/issues\/\d+$/, "")}/issues/`;
  const blocked = (await forge.listBlocking(issue.number)).filter((candidate) =>
    candidate.url.startsWith(here),
  );
  const plans = new Set(
    blocked.flatMap((candidate) =>
      readMarkers(candidate.body).flatMap((marker) => (marker.kind === "task" ? [marker.plan] : [])),
    ),
  );
  if (own?.kind === "task") plans.delete(own.plan);
  const { owner, repo } = context.repo();
  for (const planNumber of plans) {
    await dependencies.queue.runCoalesced(planKey(owner, repo, planNumber), async () => {
      const loaded = await loadPlan(repository.reconcile, planNumber);
      if (loaded) await runPlanReconcile(repository.reconcile, loaded, null);
    });
  }
}
