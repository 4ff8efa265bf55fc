import type { Task } from "../graph/task-graph.ts";
import type { TaskState } from "../graph/task-state.ts";
import { topologicalOrder } from "../graph/transitive-reduction.ts";
import { canRewriteTask } from "./can-rewrite-task.ts";
import type { DesiredChild } from "./desired-child.ts";
import { diffChildIssue } from "./diff-child-issue.ts";
import { TASK_LABEL } from "./foreman-labels.ts";
import { formatMarker } from "./format-marker.ts";
import { hashTask } from "./hash-task.ts";
import { planExternalLinks } from "./plan-external-links.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";
import { projectTaskState } from "./project-task-state.ts";
import { readTaskMarker } from "./read-task-marker.ts";
import { renderChildForTask } from "./render-child-for-task.ts";
import { stripMarkers } from "./strip-markers.ts";
import { withStateLabel } from "./with-state-label.ts";

/**
 * The approved text is the current one: one child issue per task, created once its dependencies' issues
 * exist (its body links them), kept in line with the task and its state; issues whose task left the plan
 * (or that a race created twice) closed as not planned.
 */
export function decideChildIssues(round: PlanRound): PlanStep {
  const { snapshot, document, view, texts, planNumber } = round;
  if (view.mode !== "approved") return { writes: [], stop: false };
  const tasks = document.graph.tasks;
  const render = renderChildForTask(texts, planNumber, view.children, tasks);
  const external = planExternalLinks(snapshot, document, view.children, view.extras);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const writes: PlanWrite[] = [];
  for (const id of topologicalOrder(tasks) ?? tasks.map((task) => task.id)) {
    const task = byId.get(id);
    const state = view.states[id];
    if (!task || !state) continue;
    const child = view.children.get(id);
    const linked = external.get(id)?.record ?? [];
    if (child) {
      const rewritten = task.issue === null && canRewriteTask(state);
      for (const write of diffChildIssue(
        child,
        desiredChild(task, child, state, planNumber, linked, render),
      )) {
        const text = write.kind === "update-issue" && (write.patch.title ?? write.patch.body) !== undefined;
        writes.push(rewritten && text ? { ...write, purpose: "task-text" } : write);
      }
    } else if (
      task.issue === null &&
      task.deps.every((dependency) => !byId.has(dependency.id) || view.children.has(dependency.id))
    ) {
      const { title, body } = render(task, linked);
      writes.push({
        kind: "create-issue",
        taskId: id,
        title,
        body,
        labels: [TASK_LABEL, `foreman:${state}`],
      });
    }
  }
  for (const extra of view.extras) {
    const marker = readTaskMarker(extra.body);
    const state = marker ? view.extraStates[marker.task] : undefined;
    // A second issue of a task still in the plan is a race's duplicate; the task's own is the lower number.
    const original =
      marker && byId.get(marker.task)?.issue === null ? view.children.get(marker.task) : undefined;
    if (extra.state === "open" && original && original.number < extra.number) {
      writes.push({
        kind: "update-issue",
        number: extra.number,
        reason: `a duplicate of #${original.number}`,
        patch: {
          state: "closed",
          stateReason: "duplicate",
          labels: withStateLabel(extra.labels, "cancelled"),
        },
      });
    } else if (extra.state === "open" && canRewriteTask(state)) {
      writes.push({
        kind: "update-issue",
        number: extra.number,
        reason: "its task is no longer in the plan",
        purpose: "task-removed",
        patch: {
          state: "closed",
          stateReason: "not_planned",
          labels: withStateLabel(extra.labels, "cancelled"),
        },
      });
    }
  }
  return { writes, stop: false };
}

/**
 * What a child should be: its state, and its text when Foreman may write it. `external` is what its
 * marker must record as linked by Foreman; it is kept current even where the text is not rewritten.
 */
function desiredChild(
  task: Task,
  child: IssueRecord,
  state: TaskState,
  planNumber: number,
  external: readonly number[],
  render: (task: Task, external: readonly number[]) => { title: string; body: string },
): DesiredChild {
  const desired = projectTaskState(child, state);
  const current = readTaskMarker(child.body, planNumber);
  if (task.issue !== null) {
    // An adopted issue keeps its author's title and text; Foreman only adds its marker below them.
    const marker = formatMarker({
      kind: "task",
      plan: planNumber,
      task: task.id,
      spec: hashTask(task),
      external: [...external],
    });
    desired.body = `${stripMarkers(child.body)}\n\n${marker}\n`;
  } else if (canRewriteTask(state)) {
    Object.assign(desired, render(task, external));
  } else if (current && (current.external ?? []).join() !== external.join()) {
    // A started task keeps its text; only the record of the links Foreman made changes.
    desired.body = `${stripMarkers(child.body)}\n\n${formatMarker({ ...current, external: [...external] })}\n`;
  }
  return desired;
}
