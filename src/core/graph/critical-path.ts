import { isFinishedStatus, type Task } from "./task-graph.ts";
import { topologicalOrder } from "./transitive-reduction.ts";

type PathTask = Pick<Task, "id" | "deps" | "status">;

/**
 * For every unfinished task, the number of unfinished tasks on the longest chain that starts with it and
 * runs through the tasks waiting for it. Dispatch runs the highest first: delaying it delays the plan.
 */
export function remainingPathLengths(tasks: readonly PathTask[]): Map<string, number> {
  const remaining = tasks.filter((task) => !isFinishedStatus(task.status));
  const order = topologicalOrder(remaining) ?? remaining.map((task) => task.id);
  const byId = new Map(remaining.map((task) => [task.id, task]));
  const lengths = new Map<string, number>(remaining.map((task) => [task.id, 1]));
  for (let position = order.length - 1; position >= 0; position--) {
    const task = byId.get(order[position] ?? "");
    if (!task) continue;
    const length = lengths.get(task.id) ?? 1;
    for (const dep of task.deps) {
      if (!byId.has(dep.id)) continue;
      lengths.set(dep.id, Math.max(lengths.get(dep.id) ?? 1, length + 1));
    }
  }
  return lengths;
}

/** The longest chain of unfinished tasks, first to last: the plan cannot finish sooner than this. */
export function criticalPath(tasks: readonly PathTask[]): string[] {
  const lengths = remainingPathLengths(tasks);
  const remaining = tasks.filter((task) => lengths.has(task.id));
  const waitingFor = new Map<string, string[]>();
  for (const task of remaining) {
    for (const dep of task.deps) {
      if (lengths.has(dep.id)) waitingFor.set(dep.id, [...(waitingFor.get(dep.id) ?? []), task.id]);
    }
  }
  const longest = (ids: readonly string[]) =>
    ids.reduce<string | null>(
      (best, id) => (best === null || (lengths.get(id) ?? 0) > (lengths.get(best) ?? 0) ? id : best),
      null,
    );
  const starts = remaining
    .filter((task) => !task.deps.some((dep) => lengths.has(dep.id)))
    .map((task) => task.id);
  const path: string[] = [];
  const seen = new Set<string>();
  for (
    let current = longest(starts);
    current !== null && !seen.has(current);
    current = longest(waitingFor.get(current) ?? [])
  ) {
    path.push(current);
    seen.add(current);
  }
  return path;
}
