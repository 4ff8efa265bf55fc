import type { DraftTask, PlacedReference } from "./draft-task.ts";
import type { OrderSide, OrderStatement } from "./read-order-statements.ts";
import type { EdgeSource, Phase } from "./task-graph.ts";

interface EdgeSink {
  add(task: string, blocker: string, source: EdgeSource, line: number | null): void;
  blockersOf(task: string): Iterable<string>;
}

export interface GroupOrderInput {
  tasks: readonly DraftTask[];
  phases: readonly Phase[];
  /** Statements that name at least one group (those about tasks alone are already edges). */
  statements: readonly OrderStatement[];
  edges: EdgeSink;
  resolve: (placed: PlacedReference) => string | null;
}

/** Key of a run of tasks outside any group: no group id starts with a space. */
const UNGROUPED = " ungrouped ";

/** A run of tasks that order treats as one unit: a phase or story, or tasks outside any group. */
interface Unit {
  key: string;
  tasks: string[];
}

/**
 * Orders the plan's groups (phases, user stories…) as the document says: "User Story 2 can start after
 * Foundational (Phase 2)", "US2 and US3 can run in parallel after US1", "T010-T012 depend on US1". A
 * group the document says nothing about waits for the groups before it (phases are barriers), except
 * those it may run beside; where earlier groups run side by side, it waits for all of them.
 */
export function addGroupOrder({ tasks, phases, statements, edges, resolve }: GroupOrderInput): void {
  const units = unitsOf(tasks, phases);
  const unitOf = new Map(units.flatMap((unit) => unit.tasks.map((id) => [id, unit.key] as const)));
  const byKey = new Map(units.map((unit) => [unit.key, unit]));
  const explicitNone = new Set(tasks.filter((task) => task.explicitNone).map((task) => task.id));
  const inUnit = (key: string, pick: "entries" | "exits"): string[] => {
    const members = byKey.get(key)?.tasks ?? [];
    const inside = new Set(members);
    if (pick === "entries")
      return members.filter((id) => ![...edges.blockersOf(id)].some((blocker) => inside.has(blocker)));
    const waitedFor = new Set(
      members.flatMap((id) => [...edges.blockersOf(id)].filter((blocker) => inside.has(blocker))),
    );
    const exits = members.filter((id) => !waitedFor.has(id));
    return exits.length > 0 ? exits : members;
  };
  const sideTasks = (side: OrderSide, pick: "entries" | "exits", other: OrderSide | null): string[] => {
    const ids = side.tasks.map(resolve).filter((id): id is string => id !== null && !id.startsWith("#"));
    for (const group of side.groups) ids.push(...inUnit(group, pick));
    if (side.others && other && !other.others) {
      const named = new Set([...sideTasks(other, "entries", null), ...sideTasks(other, "exits", null)]);
      ids.push(...tasks.map((task) => task.id).filter((id) => !named.has(id)));
    }
    return [...new Set(ids)];
  };

  const groupDeps = new Map<string, Set<string>>(units.map((unit) => [unit.key, new Set()]));
  const spoken = new Set<string>();
  const peers = new Map<string, Set<string>>();
  const relate = (dependents: OrderSide, blockers: OrderSide, line: number) => {
    for (const dependent of sideTasks(dependents, "entries", blockers)) {
      for (const blocker of sideTasks(blockers, "exits", dependents)) {
        if (dependent !== blocker && !explicitNone.has(dependent))
          edges.add(dependent, blocker, "prose", line);
      }
    }
    for (const group of dependents.groups) {
      spoken.add(group);
      for (const other of blockers.groups) if (other !== group) groupDeps.get(group)?.add(other);
      for (const task of blockers.tasks) {
        const id = resolve(task);
        const unit = id === null ? undefined : unitOf.get(id);
        if (unit !== undefined && unit !== group) groupDeps.get(group)?.add(unit);
      }
    }
  };
  for (const statement of statements) {
    if (statement.kind === "after") relate(statement.dependents, statement.blockers, statement.line);
    else if (statement.kind === "sequence") {
      for (let step = 1; step < statement.steps.length; step++)
        relate(statement.steps[step] as OrderSide, statement.steps[step - 1] as OrderSide, statement.line);
    } else if (statement.kind === "independent")
      for (const group of statement.members.groups) spoken.add(group);
    else
      for (const group of statement.members.groups) {
        const set = peers.get(group) ?? new Set();
        for (const other of statement.members.groups) if (other !== group) set.add(other);
        peers.set(group, set);
      }
  }

  // Default barriers, in document order, for the groups the document says nothing about.
  const ancestors = (key: string, seen = new Set<string>()): Set<string> => {
    for (const dep of groupDeps.get(key) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      ancestors(dep, seen);
    }
    return seen;
  };
  units.forEach((unit, position) => {
    if (position === 0 || spoken.has(unit.key)) return;
    const candidates = units
      .slice(0, position)
      .map((earlier) => earlier.key)
      .filter((key) => !peers.get(unit.key)?.has(key));
    const covered = new Set(candidates.flatMap((key) => [...ancestors(key)]));
    const frontier = candidates.filter((key) => !covered.has(key));
    for (const key of frontier) {
      groupDeps.get(unit.key)?.add(key);
      for (const task of inUnit(unit.key, "entries")) {
        if (explicitNone.has(task)) continue;
        for (const blocker of inUnit(key, "exits")) edges.add(task, blocker, "phase", null);
      }
    }
  });
}

/** The plan's groups with tasks, in document order, and the runs of tasks outside any group between them. */
function unitsOf(tasks: readonly DraftTask[], phases: readonly Phase[]): Unit[] {
  const idOfName = new Map(phases.map((phase) => [phase.name, phase.id]));
  const units: Unit[] = [];
  for (const task of tasks) {
    const group = task.phase === null ? undefined : idOfName.get(task.phase);
    const last = units[units.length - 1];
    if (group === undefined && last?.key.startsWith(UNGROUPED)) last.tasks.push(task.id);
    else if (group === undefined) units.push({ key: `${UNGROUPED}${units.length}`, tasks: [task.id] });
    else {
      const existing = units.find((unit) => unit.key === group);
      if (existing) existing.tasks.push(task.id);
      else units.push({ key: group, tasks: [task.id] });
    }
  }
  return units;
}
