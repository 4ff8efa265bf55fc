import type { Task } from "../graph/task-graph.ts";
import { fenceCode } from "./fence-code.ts";
import { formatMarker } from "./format-marker.ts";
import { hashTask } from "./hash-task.ts";
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

/** GitHub rejects longer issue titles. */
const MAX_TITLE = 256;

/**
 * The child issue of a task: stable title `T3 · Title` and a body with a hidden marker, which records
 * `external`, the issues outside the plan Foreman links as the task's blockers.
 */
export function renderChildIssue(
  task: Task,
  context: ChildIssueContext,
  external: readonly number[],
): { title: string; body: string } {
  const title = `${task.id} · ${task.title}`;
  const body = renderTemplate(context.template, {
    description: task.description,
    steps: task.steps.map((step) => `- [${step.done ? "x" : " "}] ${step.text}`).join("\n"),
    acceptance: task.acceptance.map((criterion) => `- ${criterion}`).join("\n"),
    specs: task.specs,
    verification: task.verify.length === 0 ? "" : fenceCode(task.verify.join("\n"), "sh"),
    files: task.files.map((file) => `- \`${file}\``).join("\n"),
    dependencies: task.deps.map((dependency) => dependencyLine(dependency.id, context)).join("\n"),
    taskId: task.id,
    planLink: `#${context.planNumber}`,
    marker: formatMarker({
      kind: "task",
      plan: context.planNumber,
      task: task.id,
      spec: hashTask(task),
      external: [...external],
    }),
  });
  return { title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title, body };
}

function dependencyLine(id: string, context: ChildIssueContext): string {
  const number = context.issueNumbers.get(id);
  const title = context.titles.get(id);
  const existing = /^#(\d+)$/.exec(id);
  // An existing issue outside the plan: `#99`, which GitHub shows as a link with the issue's title.
  if (title === undefined && existing) return `- #${Number(existing[1])}`;
  const name = title === undefined ? id : `${id} · ${title}`;
  return number === undefined ? `- ${name}` : `- ${name} — #${number}`;
}
