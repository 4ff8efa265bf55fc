import type { Diagnostic } from "../graph/task-graph.ts";
import { canRewriteTask } from "./can-rewrite-task.ts";
import type { TaskChange } from "./diff-plan-tasks.ts";
import { escapeCodeText } from "./escape-code-text.ts";
import { escapeUserText } from "./escape-user-text.ts";
import { fenceCode } from "./fence-code.ts";
import { formatDiagnostic } from "./format-diagnostic.ts";
import { formatMarker } from "./format-marker.ts";
import { limitBody } from "./limit-body.ts";

/** Lines of one task's diff shown; the child issue itself shows the rest. */
const MAX_DIFF_LINES = 200;

export type PlanChangeView = {
  planNumber: number;
  approval: { by: string; spec: string };
  /** hash of the current text */
  spec: string;
  /** null once the current text is the approved one again */
  change: { changes: readonly TaskChange[]; errors: readonly Diagnostic[] } | null;
  formatReferenceUrl: string;
};

/**
 * Shown while an approved plan's text differs from what was approved: the task-level diff and what
 * `/foreman replan` would do with each change; or, once resolved, that the text matches again.
 */
export function renderPlanChangeComment(view: PlanChangeView): string {
  const marker = formatMarker({ kind: "plan-changed", plan: view.planNumber });
  if (view.change === null) {
    return `### ✅ The plan matches its approved text again\n\nSpec \`${view.spec}\`, approved by @${view.approval.by}. Nothing is paused for a plan change.\n\n${marker}\n`;
  }
  const sections = [
    "### ⏸️ The plan changed: nothing new starts until a writer comments `/foreman replan`",
    `@${view.approval.by} approved spec \`${view.approval.spec}\`; the text is now \`${view.spec}\`. Running attempts finish; reverting the edit also resumes.`,
  ];
  const { changes, errors } = view.change;
  if (errors.length > 0) {
    sections.push(
      `The new text has ${errors.length === 1 ? "a problem" : `${errors.length} problems`} to fix before it can be applied ([task format](${view.formatReferenceUrl})):\n\n${errors.map(formatDiagnostic).join("\n")}`,
    );
  } else if (changes.length === 0) {
    sections.push(
      "No task changed: only text outside the tasks (goal, notes). `/foreman replan` approves it.",
    );
  } else {
    sections.push(changeTable(changes), ...changes.flatMap(changeDetails));
  }
  return limitBody(sections.join("\n\n"), marker);
}

function changeTable(changes: readonly TaskChange[]): string {
  const rows = changes.map(changeRow);
  return ["| Change | Task | On `/foreman replan` |", "|---|---|---|", ...rows].join("\n");
}

function changeRow(change: TaskChange): string {
  switch (change.kind) {
    case "added":
      return `| ➕ added | ${name(change.task.id, change.task.title)} | ${change.task.issue === null ? "child issue created" : `adopts #${change.task.issue}`} |`;
    case "changed":
      return `| ✏️ changed | #${change.issue.number} ${name(change.task.id, change.task.title)} | ${canRewriteTask(change.state) ? "issue updated" : `kept as is — ${change.state}`} |`;
    case "removed":
      return `| ➖ removed | #${change.issue.number} ${cell(change.issue.title)} | ${canRewriteTask(change.state) ? "closed as not planned" : `kept open — ${change.state}`} |`;
  }
}

function changeDetails(change: TaskChange): string[] {
  if (change.kind !== "changed" || change.diff.length === 0) return [];
  return [
    `<details><summary>${escapeUserText(change.task.id)} — what changed</summary>\n\n${escapeCodeText(fenceCode(change.diff.slice(0, MAX_DIFF_LINES).join("\n"), "diff"))}\n\n</details>`,
  ];
}

function name(id: string, title: string): string {
  return `**${cell(id)}** ${cell(title)}`;
}

function cell(text: string): string {
  return escapeUserText(text.replace(/\r?\n/g, " ")).replace(/\|/g, "\\|");
}
