export type GraphPoint = { x: number; y: number };

export type GraphLayout = {
  width: number;
  height: number;
  /** one box per task, in the order given */
  nodes: Array<{ id: string; layer: number; x: number; y: number; width: number; height: number }>;
  /** dependency → dependent, from the right edge of one box to the left edge of the other */
  edges: Array<{ from: string; to: string; points: GraphPoint[] }>;
};

export const NODE_WIDTH = 248;
export const NODE_HEIGHT = 54;
const GAP_X = 56;
const GAP_Y = 18;
const MARGIN = 12;
const SWEEPS = 6;
const LANE_HEIGHT = 4;
const LANE_GAP = 4;

type Slot = { key: string; task: string | null };

/**
 * Lays a task graph out left to right, as a layered drawing: each task one column after its latest
 * dependency, a long edge routed through placeholder slots in the columns it crosses (so it never
 * runs through a box), and the boxes of each column ordered by the barycentre of their neighbours,
 * swept back and forth to cut crossings. Deterministic: the same graph always gives the same picture.
 * Dependencies on ids outside the graph are left out; a cycle (which validation rejects) is broken
 * at the edge that closes it rather than looping.
 */
export function layoutTaskGraph(
  tasks: ReadonlyArray<{ id: string; dependsOn: readonly string[] }>,
): GraphLayout {
  const ids = new Set(tasks.map((task) => task.id));
  const deps = new Map(
    tasks.map((task) => [
      task.id,
      [...new Set(task.dependsOn)].filter((id) => ids.has(id) && id !== task.id),
    ]),
  );

  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    visiting.add(id);
    let value = 0;
    for (const dep of deps.get(id) ?? []) if (!visiting.has(dep)) value = Math.max(value, layerOf(dep) + 1);
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  for (const task of tasks) layerOf(task.id);

  // Columns of slots: the tasks, plus one placeholder per column a long edge crosses.
  const columnCount = Math.max(0, ...layer.values()) + 1;
  const columns: Slot[][] = Array.from({ length: columnCount }, () => []);
  for (const task of tasks) columns[layer.get(task.id) ?? 0]?.push({ key: task.id, task: task.id });
  const chains: Array<{ from: string; to: string; keys: string[] }> = [];
  for (const task of tasks) {
    const to = layer.get(task.id) ?? 0;
    for (const dep of deps.get(task.id) ?? []) {
      const from = layer.get(dep) ?? 0;
      if (from >= to) continue; // the edge that closed a cycle
      const keys = [dep];
      for (let column = from + 1; column < to; column++) {
        const key = `${dep}\u0000${task.id}\u0000${column}`;
        columns[column]?.push({ key, task: null });
        keys.push(key);
      }
      keys.push(task.id);
      chains.push({ from: dep, to: task.id, keys });
    }
  }

  const before = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  for (const chain of chains)
    for (let index = 1; index < chain.keys.length; index++) {
      const left = chain.keys[index - 1] as string;
      const right = chain.keys[index] as string;
      before.set(right, [...(before.get(right) ?? []), left]);
      after.set(left, [...(after.get(left) ?? []), right]);
    }

  const position = new Map<string, number>();
  const number = (column: Slot[]) => {
    column.forEach((slot, index) => {
      position.set(slot.key, index);
    });
  };
  columns.forEach(number);
  const reorder = (column: Slot[], neighbours: Map<string, string[]>) => {
    const weight = (slot: Slot) => {
      const around = (neighbours.get(slot.key) ?? []).map((key) => position.get(key) ?? 0);
      return around.length === 0
        ? (position.get(slot.key) ?? 0)
        : around.reduce((sum, at) => sum + at, 0) / around.length;
    };
    const weights = new Map(column.map((slot) => [slot.key, weight(slot)]));
    column.sort(
      (a, b) =>
        (weights.get(a.key) ?? 0) - (weights.get(b.key) ?? 0) ||
        (position.get(a.key) ?? 0) - (position.get(b.key) ?? 0),
    );
    number(column);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    if (sweep % 2 === 0) for (const column of columns.slice(1)) reorder(column, before);
    else for (const column of columns.slice(0, -1).reverse()) reorder(column, after);
  }

  // A placeholder is a thin lane, not a box: dense plans route many long edges through a column.
  const heightOf = (slot: Slot) => (slot.task === null ? LANE_HEIGHT : NODE_HEIGHT);
  const gapAfter = (slot: Slot, next: Slot | undefined) =>
    next === undefined ? 0 : slot.task === null && next.task === null ? LANE_GAP : GAP_Y;
  const columnHeight = (column: Slot[]) =>
    column.reduce((sum, slot, index) => sum + heightOf(slot) + gapAfter(slot, column[index + 1]), 0);
  const tallest = Math.max(NODE_HEIGHT, ...columns.map(columnHeight));
  const centre = new Map<string, GraphPoint>();
  const nodes: GraphLayout["nodes"] = [];
  columns.forEach((column, index) => {
    const x = MARGIN + index * (NODE_WIDTH + GAP_X);
    let y = MARGIN + (tallest - columnHeight(column)) / 2;
    column.forEach((slot, row) => {
      centre.set(slot.key, { x, y: y + heightOf(slot) / 2 });
      y += heightOf(slot) + gapAfter(slot, column[row + 1]);
    });
  });
  for (const task of tasks) {
    const at = centre.get(task.id) ?? { x: MARGIN, y: MARGIN + NODE_HEIGHT / 2 };
    nodes.push({
      id: task.id,
      layer: layer.get(task.id) ?? 0,
      x: at.x,
      y: at.y - NODE_HEIGHT / 2,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    });
  }

  const edges = chains.map((chain) => {
    const points: GraphPoint[] = [];
    chain.keys.forEach((key, index) => {
      const at = centre.get(key) ?? { x: 0, y: 0 };
      if (index === 0) points.push({ x: at.x + NODE_WIDTH, y: at.y });
      else if (index === chain.keys.length - 1) points.push({ x: at.x, y: at.y });
      else points.push({ x: at.x, y: at.y }, { x: at.x + NODE_WIDTH, y: at.y });
    });
    return { from: chain.from, to: chain.to, points };
  });

  return {
    width: MARGIN * 2 + columnCount * NODE_WIDTH + Math.max(0, columnCount - 1) * GAP_X,
    height: MARGIN * 2 + tallest,
    nodes,
    edges,
  };
}
