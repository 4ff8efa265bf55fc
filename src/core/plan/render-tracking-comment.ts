import { renderMermaid } from "../graph/render-mermaid.ts";
import type { Diagnostic } from "../graph/task-graph.ts";
import { TASK_STATES, type TaskState } from "../graph/task-state.ts";
import { escapeCodeText } from "./escape-code-text.ts";
import { escapeUserText } from "./escape-user-text.ts";
import { findIssueDependencies } from "./find-issue-dependencies.ts";
import { formatDiagnostic } from "./format-diagnostic.ts";
import { formatMarker } from "./format-marker.ts";
import { BODY_LIMIT, limitBody } from "./limit-body.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import { renderTemplate } from "./render-template.ts";
import { STATE_ICONS } from "./state-icons.ts";
import { type ChecksSummary, summariseTaskFacts } from "./summarise-task-facts.ts";
import type { TaskFacts } from "./task-facts.ts";
import type { TaskOutline } from "./task-outline.ts";

export type PlanStatus = "running" | "paused" | "plan-changed" | "cancelled" | "done";

export type TrackingView = {
  /** `templates/tracking-comment.md` */
  template: string;
  planNumber: number;
  status: PlanStatus;
  approval: { by: string; spec: string };
  tasks: readonly TaskOutline[];
  states: Readonly<Record<string, TaskState>>;
  children: ReadonlyMap<string, IssueRecord>;
  /** issue number → the issues the snapshot holds, for tasks waiting for an existing issue (`#99`) */
  issues: ReadonlyMap<number, IssueRecord>;
  /** task id → what GitHub shows on its branch */
  facts: Readonly<Record<string, TaskFacts>>;
  warnings: readonly Diagnostic[];
  /** link to the comment explaining a pause for a changed plan */
  planChangedUrl: string | null;
};

const STATUS: Record<PlanStatus, { icon: string; text: string }> = {
  running: { icon: "▶️", text: "running" },
  paused: { icon: "⏸️", text: "paused" },
  "plan-changed": { icon: "⏸️", text: "paused — the plan changed" },
  cancelled: { icon: "🚫", text: "cancelled" },
  done: { icon: "🏁", text: "done" },
};

const CHECKS: Record<ChecksSummary, string> = { pending: "⏳", success: "✅", failure: "❌" };

/** Warnings listed in the comment; the rest are counted. */
const MAX_WARNINGS = 50;
const TOO_LARGE_GRAPH =
  'flowchart TD\n  large["The graph is too large to show here: run foreman plan on the plan text"]';

const COMMANDS = ["status", "pause", "resume", "cancel", "replan", "retry <task>", "skip <task>", "help"]
  .map((command) => `\`/foreman ${command}\``)
  .join(" · ");

/** The plan's status comment: a view of the child issues, rebuilt whole every time, never read back. */
export function renderTrackingComment(view: TrackingView): string {
  const status = STATUS[view.status];
  const waitsFor = findIssueDependencies(view.tasks);
  const marker = formatMarker({ kind: "tracking", plan: view.planNumber });
  const fields = {
    statusIcon: status.icon,
    statusText: status.text,
    summary: summaryLine(view),
    notice: notice(view),
    taskCount: String(view.tasks.length),
    rows: view.tasks.map((task) => row(task, view, waitsFor.get(task.id) ?? [])).join("\n"),
    mermaid: escapeCodeText(renderMermaid(view.tasks, { states: { ...view.states }, reduce: true })),
    legend: TASK_STATES.map(
      (state) => `${STATE_ICONS[state].icon} ${state} — ${STATE_ICONS[state].meaning}`,
    ).join(" · "),
    warnings: view.warnings.slice(0, MAX_WARNINGS).map(formatDiagnostic).join("\n"),
    warningCount: String(view.warnings.length),
    commands: COMMANDS,
    marker: "",
  };
  const body = renderTemplate(view.template, fields).trimEnd();
  if (body.length + marker.length < BODY_LIMIT - 100) return limitBody(body, marker);
  // A plan this large: the graph goes first (`foreman plan` draws it locally), then rows are cut.
  const withoutGraph = renderTemplate(view.template, { ...fields, mermaid: TOO_LARGE_GRAPH }).trimEnd();
  return limitBody(withoutGraph, marker);
}

function summaryLine(view: TrackingView): string {
  const counts = TASK_STATES.flatMap((state) => {
    const count = view.tasks.filter((task) => view.states[task.id] === state).length;
    return count === 0 ? [] : [`${STATE_ICONS[state].icon} ${count} ${state}`];
  });
  const approval = `approved by @${view.approval.by} (spec \`${view.approval.spec}\`)`;
  return [`**${view.tasks.length} tasks**`, ...counts, approval].join(" · ");
}

function notice(view: TrackingView): string {
  switch (view.status) {
    case "plan-changed": {
      const where = view.planChangedUrl ? `[what changed](${view.planChangedUrl})` : "what changed";
      return `The plan text was edited after it was approved. Nothing new starts until a writer reviews ${where} and comments \`/foreman replan\`.`;
    }
    case "paused":
      return "A writer paused this plan: running attempts finish, nothing new starts. `/foreman resume` continues.";
    case "cancelled":
      return "This plan was cancelled; its unfinished tasks were closed.";
    case "running":
    case "done":
      return "";
  }
}

function row(task: TaskOutline, view: TrackingView, issueDependencies: readonly number[]): string {
  const child = view.children.get(task.id);
  const state = view.states[task.id] ?? "pending";
  // Why a task that is not started waits: the existing issues it depends on that are still open.
  const open = issueDependencies.flatMap((number) => {
    const issue = view.issues.get(number);
    if (issue?.state === "closed") return [];
    return [issue ? `#${number}` : `#${number} (not found)`];
  });
  const waits = state === "pending" && open.length > 0 ? ` · waits for ${open.join(", ")}` : "";
  const runtime = summariseTaskFacts(view.facts[task.id]);
  const name = cell(`**${task.id}** ${truncate(task.title, 70)}`);
  const pr = runtime.pr ? `#${runtime.pr.number}${runtime.pr.merged ? " (merged)" : ""}` : "—";
  const checks = runtime.checks ? CHECKS[runtime.checks] : "—";
  return `| ${child ? `#${child.number} ` : ""}${name} | ${STATE_ICONS[state].icon} ${state}${waits} | ${runtime.attempts} | ${pr} | ${checks} |`;
}

function cell(text: string): string {
  return escapeUserText(text.replace(/\r?\n/g, " ")).replace(/\|/g, "\\|");
}

function truncate(text: string, length: number): string {
  const points = [...text];
  return points.length > length ? `${points.slice(0, length - 1).join("")}…` : text;
}
