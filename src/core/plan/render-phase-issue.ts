import type { PhaseSlot } from "../graph/layout-sub-issues.ts";
import { cutTitle } from "./cut-title.ts";
import { escapeUserText } from "./escape-user-text.ts";
import { formatMarker } from "./format-marker.ts";
import { limitBody } from "./limit-body.ts";

/**
 * A phase issue: the phase's heading as its title and a short body ending in its marker. The heading
 * is someone's text, escaped like a task's; GitHub lists the phase's task issues as its sub-issues.
 */
export function renderPhaseIssue(slot: PhaseSlot, planNumber: number): { title: string; body: string } {
  const count = slot.tasks.length;
  const content = [
    `${count} ${count === 1 ? "task" : "tasks"} of plan #${planNumber}, from ${escapeUserText(slot.tasks[0] ?? "")} to ${escapeUserText(slot.tasks[count - 1] ?? "")}: their issues are this issue's sub-issues. Foreman closes it once every one of them is done; a task that waits for the whole phase is blocked by it. The plan's tracking comment shows the whole graph.`,
    "",
    "---",
    `<sub>Phase <b>${escapeUserText(slot.title)}</b> of plan #${planNumber} · run by Foreman. Change the plan, not here: edits to this text are overwritten.</sub>`,
  ].join("\n");
  const marker = formatMarker({ kind: "phase", plan: planNumber, phase: slot.key });
  return { title: cutTitle(slot.title), body: limitBody(content, marker) };
}
