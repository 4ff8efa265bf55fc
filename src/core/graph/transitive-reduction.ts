import type { Task } from "./task-graph.ts";

type GraphTask = Pick<Task, "id" | "deps">;

/** Tasks in an order where every task comes after the tasks it waits for; null when there is a cycle. */
export function topologicalOrder(tasks: readonly GraphTask[]): string[] | null {
  const known = new Set(tasks.map((task) => task.id));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    const deps = new Set(task.deps.map((dep) => dep.id).filter((id) => known.has(id) && id !== task.id));
    waitingOn.set(task.id, deps.size);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(task.id);
      else dependents.set(dep, [task.id]);
    }
  }
  const ready = tasks.filter((task) => waitingOn.get(task.id) === 0).map((task) => task.id);
  const order: string[] = [];
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head] ?? "";
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = (waitingOn.get(dependent) ?? 0) - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return order.length === waitingOn.size ? order : null;
}

/**
 * The fewest `[task, blocker]` pairs with the same reachability as the graph: an edge is dropped when the
 * blocker is already reached through another of the task's blockers. Links to existing issues (`#12`) and
 * unknown ids are left out. A graph with a cycle is returned unreduced (it is invalid anyway).
 */
export function transitiveReduction(tasks: readonly GraphTask[]): Array<[taskId: string, blockerId: string]> {
  const known = new Map(tasks.map((task, position) => [task.id, position]));
  const direct = tasks.map((task) => [
    ...new Set(task.deps.map((dep) => dep.id).filter((id) => known.has(id) && id !== task.id)),
  ]);
  const order = topologicalOrder(tasks);
  if (order === null)
    return tasks.flatMap((task, position) =>
      (direct[position] ?? []).map((dep) => [task.id, dep] as [string, string]),
    );

  const words = Math.ceil(tasks.length / 32);
  const ancestors = tasks.map(() => new Uint32Array(words));
  const has = (bits: Uint32Array, position: number) =>
    ((bits[position >>> 5] ?? 0) & (1 << (position & 31))) !== 0;
  for (const id of order) {
    const position = known.get(id) ?? 0;
    const mine = ancestors[position] ?? new Uint32Array(words);
    for (const dep of direct[position] ?? []) {
      const depPosition = known.get(dep) ?? 0;
      const theirs = ancestors[depPosition] ?? new Uint32Array(words);
      for (let word = 0; word < words; word++) mine[word] = (mine[word] ?? 0) | (theirs[word] ?? 0);
      mine[depPosition >>> 5] = (mine[depPosition >>> 5] ?? 0) | (1 << (depPosition & 31));
    }
  }

  const pairs: Array<[string, string]> = [];
  tasks.forEach((task, position) => {
    const deps = direct[position] ?? [];
    if (deps.length === 0) return;
    const throughOthers = new Uint32Array(words);
    for (const dep of deps) {
      const theirs = ancestors[known.get(dep) ?? 0] ?? new Uint32Array(words);
      for (let word = 0; word < words; word++)
        throughOthers[word] = (throughOthers[word] ?? 0) | (theirs[word] ?? 0);
    }
    for (const dep of deps) if (!has(throughOthers, known.get(dep) ?? 0)) pairs.push([task.id, dep]);
  });
  return pairs;
}
