import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";
import { readFooterMarker } from "./read-footer-marker.ts";
import { readParentNumber } from "./read-parent-number.ts";
import { readTaskMarker } from "./read-task-marker.ts";

/**
 * Clean-up after a race between replicas (or a lost answer): of Foreman's comments that exist once per
 * plan (or once per command, per refused label), the oldest stays and the copies go; a second issue
 * made for a task stops being a sub-issue of the plan or its phase issue (`decideChildIssues` closes it, `decideLinks` takes
 * its blocked-by links away).
 */
export function decideDuplicates(round: PlanRound): PlanStep {
  const { snapshot, view, planNumber } = round;
  const writes: PlanWrite[] = [];
  const seen = new Set<string>();
  for (const comment of [...snapshot.comments].sort((a, b) => a.id - b.id)) {
    const marker = readFooterMarker(comment.body);
    if (!marker) continue;
    if ("plan" in marker && marker.plan !== planNumber) continue;
    const key =
      marker.kind === "reply"
        ? `reply:${marker.comment}`
        : marker.kind === "label-refused"
          ? `label-refused:${marker.by}`
          : marker.kind;
    if (seen.has(key)) writes.push({ kind: "delete-comment", commentId: comment.id });
    seen.add(key);
  }
  if (view.mode === "approved") {
    for (const extra of view.extras) {
      const task = readTaskMarker(extra.body, planNumber)?.task;
      const duplicate = task !== undefined && view.children.has(task);
      const parent = readParentNumber(snapshot, extra);
      const ours = parent === planNumber || snapshot.phases.some((phase) => phase.issue.number === parent);
      if (duplicate && parent !== null && ours) {
        writes.push({
          kind: "remove-sub-issue",
          number: parent,
          childNumber: extra.number,
          childId: extra.id,
        });
      }
    }
  }
  return { writes, stop: false };
}
