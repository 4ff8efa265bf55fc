import type { Task } from "../graph/task-graph.ts";
import { cutTitle } from "./cut-title.ts";
import { escapeCodeText } from "./escape-code-text.ts";
import { escapeUserText } from "./escape-user-text.ts";
import { fenceCode } from "./fence-code.ts";
import { formatMarker } from "./format-marker.ts";
import { hashTask } from "./hash-task.ts";
import { limitBody } from "./limit-body.ts";
import { renderTemplate } from "./render-template.ts";

export type ChildIssueContext = {
  /** `templates/child-issue.md` */
  template: string;
  planNumber: number;
  /** task id → its child issue number, for the dependency links */
  issueNumbers: ReadonlyMap<string, number>;
  /** task id → title, to name each dependency beside its link */
  titles: ReadonlyMap<string, string>;
};

/**
 * The child issue of a task: stable title `T3 · Title` and a body with a hidden marker, which records
 * `external`, the issues outside the plan Foreman links as the task's blockers.
 */
export function renderChildIssue(
  task: Task,
  context: ChildIssueContext,
  external: readonly number[],
): { title: string; body: string } {
  const marker = formatMarker({
    kind: "task",
    plan: context.planNumber,
    task: task.id,
    spec: hashTask(task),
    external: [...external],
  });
  // Everything from the plan is someone's text: escaped, so the child carries no marker or ping but ours.
  const body = renderTemplate(context.template, {
    description: escapeUserText(task.description),
    steps: task.steps.map((step) => `- [${step.done ? "x" : " "}] ${escapeUserText(step.text)}`).join("\n"),
    acceptance: task.acceptance.map((criterion) => `- ${escapeUserText(criterion)}`).join("\n"),
    specs: escapeUserText(task.specs),
    verification: task.verify.length === 0 ? "" : escapeCodeText(fenceCode(task.verify.join("\n"), "sh")),
    files: task.files.map((file) => `- ${escapeUserText(codeSpan(file))}`).join("\n"),
    dependencies: task.deps.map((dependency) => dependencyLine(dependency.id, context)).join("\n"),
    taskId: escapeUserText(task.id),
    planLink: `#${context.planNumber}`,
    marker: "",
  });
  return { title: cutTitle(`${task.id} · ${task.title}`), body: limitBody(body.trimEnd(), marker) };
}

/** Inline code whose delimiters are longer than any backtick run inside. */
function codeSpan(text: string): string {
  const ticks = "`".repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length)) + 1);
  return `${ticks}${text.startsWith("`") ? " " : ""}${text}${text.endsWith("`") ? " " : ""}${ticks}`;
}

function dependencyLine(id: string, context: ChildIssueContext): string {
  const number = context.issueNumbers.get(id);
  const title = context.titles.get(id);
  const existing = /^#(\d+)$/.exec(id);
  // An existing issue outside the plan: `#99`, which GitHub shows as a link with the issue's title.
  if (title === undefined && existing) return `- #${Number(existing[1])}`;
  const name = escapeUserText(title === undefined ? id : `${id} · ${title}`);
  return number === undefined ? `- ${name}` : `- ${name} — #${number}`;
}
