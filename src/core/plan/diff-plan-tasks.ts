import type { Task } from "../graph/task-graph.ts";
import type { TaskState } from "../graph/task-state.ts";
import { diffLines } from "./diff-lines.ts";
import { hashTask } from "./hash-task.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import { readTaskMarker } from "./read-task-marker.ts";
import type { ResolvedChildren } from "./resolve-children.ts";
import { stripMarkers } from "./strip-markers.ts";

export type TaskChange =
  | { kind: "added"; task: Task }
  | { kind: "changed"; task: Task; issue: IssueRecord; state: TaskState | undefined; diff: string[] }
  | { kind: "removed"; taskId: string; issue: IssueRecord; state: TaskState | undefined };

export type TaskDiffInput = {
  /** tasks of the new plan text */
  tasks: readonly Task[];
  /** the existing issues resolved against those tasks */
  children: ResolvedChildren;
  /** states of the existing tasks, by task id */
  states: Readonly<Record<string, TaskState>>;
  /** the body Foreman would write for a task now; without it changes carry no line diff */
  renderBody?: (task: Task) => string;
};

/**
 * Task-level difference between what the issues were built from and a new plan text: tasks added,
 * tasks whose content changed (by the hash in their marker, with a line diff of the body Foreman
 * wrote), and open issues whose task is gone. Closed leftovers were handled by an earlier replan.
 */
export function diffPlanTasks(input: TaskDiffInput): TaskChange[] {
  const changes: TaskChange[] = [];
  for (const task of input.tasks) {
    const issue = input.children.byTask.get(task.id);
    const spec = issue ? taskSpec(issue) : undefined;
    if (!issue || spec === undefined) {
      changes.push({ kind: "added", task });
    } else if (spec !== hashTask(task)) {
      const render = input.renderBody;
      const diff =
        task.issue === null && render ? diffLines(stripMarkers(issue.body), stripMarkers(render(task))) : [];
      changes.push({ kind: "changed", task, issue, state: input.states[task.id], diff });
    }
  }
  for (const issue of input.children.extras) {
    if (issue.state === "closed") continue;
    const marker = readTaskMarker(issue.body);
    const taskId = marker ? marker.task : `#${issue.number}`;
    changes.push({ kind: "removed", taskId, issue, state: input.states[taskId] });
  }
  return changes;
}

function taskSpec(issue: IssueRecord): string | undefined {
  const marker = readTaskMarker(issue.body);
  return marker ? marker.spec : undefined;
}
