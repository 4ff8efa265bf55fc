import { canRewriteTask } from "../plan/can-rewrite-task.ts";
import { derivePlanView, type PlanView } from "../plan/derive-plan-view.ts";
import { diffPlanTasks } from "../plan/diff-plan-tasks.ts";
import type { PlanSnapshot } from "../plan/plan-snapshot.ts";
import type { PlanWrite } from "../plan/plan-write.ts";
import type { PlanDocument } from "../plan/prepare-plan-document.ts";
import { resolveChildren } from "../plan/resolve-children.ts";

export type ReplanOutcome = {
  /** the plan as it was when the command arrived */
  before: { snapshot: PlanSnapshot; document: PlanDocument };
  /** the plan after the reconcile, and the writes it made */
  after: { snapshot: PlanSnapshot; document: PlanDocument } | null;
  writes: readonly PlanWrite[];
};

/**
 * The reply to `/foreman replan`, from what the reconcile did rather than from a prediction: the text
 * was approved or not (and why not), the child issues created, rewritten and closed, and the tasks it
 * left alone because they had started.
 */
export function describeReplan(outcome: ReplanOutcome): string {
  const after = outcome.after;
  const view = after ? derivePlanView(after.snapshot, after.document) : null;
  if (!after || !view || view.approval?.spec !== after.document.spec) {
    const problems =
      view?.comments.get("invalid")?.comment.url ?? view?.comments.get("approval-stale")?.comment.url;
    const where = problems ? ` — see [what keeps it from applying](${problems})` : "";
    return `The edited plan was not applied; nothing changed${where}.`;
  }
  const added = new Set<string>();
  const updated = new Set<number>();
  const removed = new Set<number>();
  for (const write of outcome.writes) {
    if (write.kind === "create-issue") added.add(write.taskId);
    if (write.kind === "update-issue" && write.purpose === "task-text") updated.add(write.number);
    if (write.kind === "update-issue" && write.purpose === "task-removed") removed.add(write.number);
  }
  const parts = [
    added.size > 0 ? `➕ ${added.size} added` : "",
    updated.size > 0 ? `✏️ ${updated.size} updated` : "",
    removed.size > 0 ? `➖ ${removed.size} closed as not planned` : "",
  ].filter(Boolean);
  const summary =
    parts.length > 0
      ? `Applied the edited plan: ${parts.join(" · ")}.`
      : "Approved the edited plan; no task changed.";
  const kept = keptTasks(
    outcome.before,
    derivePlanView(outcome.before.snapshot, outcome.before.document),
    after.document,
  );
  return kept.length > 0
    ? `${summary} Left as they are because they already started: ${kept.join(", ")}.`
    : summary;
}

/** Tasks the new text changes or drops whose issue a replan leaves alone, as they already started. */
function keptTasks(before: { snapshot: PlanSnapshot }, view: PlanView, document: PlanDocument): string[] {
  const changes = diffPlanTasks({
    tasks: document.graph.tasks,
    children: resolveChildren(document.graph.tasks, before.snapshot),
    states: view.states,
  });
  return changes.flatMap((change) => {
    if (change.kind === "added" || canRewriteTask(change.state)) return [];
    return [`${change.kind === "removed" ? change.taskId : change.task.id} (${change.state})`];
  });
}
