import type { PhaseSlot } from "../graph/layout-sub-issues.ts";
import type { TaskState } from "../graph/task-state.ts";
import type { DesiredChild } from "./desired-child.ts";
import { diffChildIssue } from "./diff-child-issue.ts";
import { CANCELLED_LABEL, PHASE_LABEL } from "./foreman-labels.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";
import { renderPhaseIssue } from "./render-phase-issue.ts";
import { resolvePhaseIssues } from "./resolve-phase-issues.ts";

const FINISHED: ReadonlySet<TaskState | undefined> = new Set(["done", "skipped", "cancelled"]);

/**
 * The approved text is the current one: one issue per phase of the layout (none while the tasks fit
 * under the plan), created once, kept in line with the phase's heading, closed once all its tasks are
 * done and reopened when one is not; phase issues the layout no longer has closed as not planned.
 */
export function decidePhaseIssues(round: PlanRound): PlanStep {
  const { snapshot, view, layout, planNumber } = round;
  if (view.mode !== "approved") return { writes: [], stop: false };
  const resolved = resolvePhaseIssues(snapshot, new Set(layout.phases.map((slot) => slot.key)));
  const writes: PlanWrite[] = [];
  for (const slot of layout.phases) {
    const { title, body } = renderPhaseIssue(slot, planNumber);
    const phase = resolved.byKey.get(slot.key);
    if (!phase) {
      writes.push({ kind: "create-phase-issue", phase: slot.key, title, body, labels: [PHASE_LABEL] });
      continue;
    }
    const labels = [...new Set([...phase.issue.labels.filter((l) => l !== CANCELLED_LABEL), PHASE_LABEL])];
    writes.push(...diffChildIssue(phase.issue, { title, body, labels, ...phaseState(slot, view.states) }));
  }
  for (const extra of resolved.extras) {
    if (extra.issue.state !== "open") continue;
    writes.push({
      kind: "update-issue",
      number: extra.issue.number,
      reason: "its phase is no longer in the plan",
      patch: {
        state: "closed",
        stateReason: "not_planned",
        labels: [...new Set([...extra.issue.labels, CANCELLED_LABEL])],
      },
    });
  }
  return { writes, stop: false };
}

/** Open while a task of the phase has work left; closed once none has, as completed unless all were cancelled. */
function phaseState(
  slot: PhaseSlot,
  states: Readonly<Record<string, TaskState>>,
): Omit<DesiredChild, "labels"> {
  const phaseStates = slot.tasks.map((id) => states[id]);
  if (!phaseStates.every((state) => FINISHED.has(state))) return { state: "open", stateReason: "reopened" };
  const completed = phaseStates.some((state) => state !== "cancelled");
  return { state: "closed", stateReason: completed ? "completed" : "not_planned" };
}
