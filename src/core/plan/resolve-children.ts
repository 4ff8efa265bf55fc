import type { Task } from "../graph/task-graph.ts";
import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import { readTaskMarker } from "./read-task-marker.ts";

export type ResolvedChildren = {
  /** task id → the one issue that stands for it */
  byTask: Map<string, IssueRecord>;
  /**
   * issues carrying this plan's task marker that stand for no task: the task left the plan, an
   * adopted issue replaced it, or a race between replicas created it twice (the oldest one wins)
   */
  extras: IssueRecord[];
};

/**
 * Which issue is each task's child: the adopted issue when the plan says `- [ ] #123`, else the
 * oldest issue whose marker names this plan and task, so every replica picks the same one.
 */
export function resolveChildren(tasks: readonly Task[], snapshot: PlanSnapshot): ResolvedChildren {
  const planNumber = snapshot.plan.number;
  const byNumber = new Map(snapshot.issues.map((issue) => [issue.number, issue]));
  const byTask = new Map<string, IssueRecord>();
  const adopted = new Set<number>();
  for (const task of tasks) {
    const issue = task.issue === null ? undefined : byNumber.get(task.issue);
    if (issue && !issue.isPullRequest) {
      byTask.set(task.id, issue);
      adopted.add(issue.number);
    }
  }
  const taskIds = new Set(tasks.map((task) => task.id));
  const extras: IssueRecord[] = [];
  for (const issue of [...snapshot.issues].sort((a, b) => a.number - b.number)) {
    if (adopted.has(issue.number)) continue;
    const marker = readTaskMarker(issue.body, planNumber);
    if (!marker) continue;
    if (taskIds.has(marker.task) && !byTask.has(marker.task)) byTask.set(marker.task, issue);
    else extras.push(issue);
  }
  return { byTask, extras };
}
