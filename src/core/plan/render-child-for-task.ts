import type { Task } from "../graph/task-graph.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import type { PlanTexts } from "./plan-texts.ts";

/** A child issue renderer for one set of tasks and their issues: dependency links name those issues. */
export function renderChildForTask(
  texts: PlanTexts,
  planNumber: number,
  children: ReadonlyMap<string, IssueRecord>,
  tasks: readonly Task[],
): (task: Task, external: readonly number[]) => { title: string; body: string } {
  const issueNumbers = new Map([...children].map(([id, issue]) => [id, issue.number]));
  const titles = new Map(tasks.map((task) => [task.id, task.title]));
  return (task, external) => texts.childIssue(task, { planNumber, issueNumbers, titles }, external);
}
