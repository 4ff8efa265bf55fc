import type { MarkedComment } from "./derive-plan-view.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";
import { upsertPlanComment } from "./upsert-plan-comment.ts";

/** A problem comment that no longer applies is rewritten once to say so; absent ones stay absent. */
export function resolveStaleComment(
  snapshot: PlanSnapshot,
  existing: MarkedComment | undefined,
  resolved: () => string,
): PlanWrite[] {
  return existing ? upsertPlanComment(snapshot, existing.comment, resolved()) : [];
}
