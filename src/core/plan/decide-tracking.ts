import type { PlanView } from "./derive-plan-view.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";
import type { PlanStatus } from "./render-tracking-comment.ts";
import { upsertPlanComment } from "./upsert-plan-comment.ts";

/**
 * The tracking comment, last: a view rebuilt from the ground truth once nothing else is left to write,
 * so a reconcile rewrites it once.
 */
export function decideTracking(round: PlanRound, earlier: readonly PlanWrite[]): PlanStep {
  const { snapshot, document, view, texts, planNumber } = round;
  const approval = view.approval;
  if (earlier.length > 0 || approval === null) return { writes: [], stop: true };
  const approved = view.mode === "approved";
  const existing = view.comments.get("tracking")?.comment;
  const body = texts.trackingComment({
    planNumber,
    status: planStatus(view),
    approval: { by: approval.by, spec: approval.spec },
    tasks: approved ? document.graph.tasks : view.tasks,
    states: view.states,
    children: view.children,
    issues: view.issues,
    facts: snapshot.tasks,
    warnings: approved
      ? document.graph.diagnostics.filter((diagnostic) => diagnostic.severity === "warning")
      : [],
    planChangedUrl: approved ? null : (view.comments.get("plan-changed")?.comment.url ?? null),
  });
  return { writes: upsertPlanComment(snapshot, existing, body), stop: true };
}

function planStatus(view: PlanView): PlanStatus {
  if (view.cancelled) return "cancelled";
  if (view.mode === "changed") return "plan-changed";
  if (view.paused) return "paused";
  const states = Object.values(view.states);
  return states.length > 0 && states.every((state) => state === "done" || state === "skipped")
    ? "done"
    : "running";
}
