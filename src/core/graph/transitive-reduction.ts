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
  const position = new Map(tasks.map((task, index) => [task.id, index]));
  const direct = tasks.map((task) => [
    ...new Set(
      task.deps
        .map((dep) => position.get(dep.id))
        .filter((index) => index !== undefined && index !== position.get(task.id)),
    ),
  ]) as number[][];
  const order = topologicalOrder(tasks);
  if (order === null) {
    return tasks.flatMap((task, index) =>
      (direct[index] ?? []).map((dep) => [task.id, tasks[dep]?.id ?? ""] as [string, string]),
    );
  }
  // One bit per task: ancestors[v] is every task v waits for, directly or not. A blocker already among the
  // ancestors of another blocker is redundant; the union of those ancestors is computed once per task.
  const words = Math.ceil(tasks.length / 32);
  const ancestors = new Uint32Array(tasks.length * words);
  const union = new Uint32Array(words);
  const redundant = tasks.map((): Set<number> => new Set());
  for (const id of order) {
    const task = position.get(id) ?? 0;
    const deps = direct[task] ?? [];
    union.fill(0);
    for (const dep of deps) {
      const base = dep * words;
      for (let word = 0; word < words; word++)
        union[word] = (union[word] as number) | (ancestors[base + word] as number);
    }
    const own = task * words;
    for (let word = 0; word < words; word++) ancestors[own + word] = union[word] as number;
    for (const dep of deps) {
      const bit = 1 << (dep & 31);
      if (((union[dep >>> 5] as number) & bit) !== 0) redundant[task]?.add(dep);
      ancestors[own + (dep >>> 5)] = (ancestors[own + (dep >>> 5)] as number) | bit;
    }
  }
  return tasks.flatMap((task, index) =>
    (direct[index] ?? [])
      .filter((dep) => !redundant[index]?.has(dep))
      .map((dep) => [task.id, tasks[dep]?.id ?? ""] as [string, string]),
  );
}
