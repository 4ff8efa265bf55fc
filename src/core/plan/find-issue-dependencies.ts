import type { Task } from "../graph/task-graph.ts";

type DependentTask = Pick<Task, "id" | "deps">;

/**
 * The existing issues each task waits for, by number: `Depends on: #99` where no task of the plan has
 * that id (the parser keeps those as `#99`). Each number once per task, `#045` read as `#45`; tasks
 * without any are left out.
 */
export function findIssueDependencies(tasks: readonly DependentTask[]): Map<string, number[]> {
  const taskIds = new Set(tasks.map((task) => task.id));
  const found = new Map<string, number[]>();
  for (const task of tasks) {
    const numbers = new Set<number>();
    for (const dependency of task.deps) {
      const match = /^#(\d+)$/.exec(dependency.id);
      const number = Number(match?.[1] ?? 0);
      if (!taskIds.has(dependency.id) && number > 0) numbers.add(number);
    }
    if (numbers.size > 0) found.set(task.id, [...numbers]);
  }
  return found;
}
