import type { DraftPlan, DraftTask, PlacedReference } from "./draft-task.ts";
import { referenceKeys } from "./read-references.ts";
import {
  type Dependency,
  type Diagnostic,
  type EdgeSource,
  type Phase,
  type Task,
  type TaskType,
  taskTypeSchema,
} from "./task-graph.ts";
import { TaskIndex } from "./task-index.ts";

/** Which source wins when two statements give the same edge: what the author wrote beats what is implied. */
const SOURCE_RANK: Readonly<Record<EdgeSource, number>> = {
  explicit: 0,
  prose: 1,
  subtask: 2,
  phase: 3,
  order: 4,
};

const TYPE_SYNONYMS: Readonly<Record<string, TaskType>> = {
  feature: "implementation",
  impl: "implementation",
  code: "implementation",
  coding: "implementation",
  development: "implementation",
  test: "testing",
  tests: "testing",
  qa: "testing",
  docs: "documentation",
  doc: "documentation",
  bug: "bugfix",
  fix: "bugfix",
  "bug fix": "bugfix",
  deploy: "deployment",
  release: "deployment",
  investigation: "research",
  spike: "research",
  analyze: "analysis",
  "code review": "review",
};

export interface ResolvedPlan {
  tasks: Task[];
  phases: Phase[];
  dependencyMode: "stated" | "document-order";
  diagnostics: Diagnostic[];
  /** Runs of consecutive [P] tasks in one phase, in document order: tasks declared able to run together. */
  parallelGroups: string[][];
}

class EdgeSet {
  private readonly byTask = new Map<string, Map<string, Dependency>>();

  add(task: string, blocker: string, source: EdgeSource, line: number | null): void {
    let deps = this.byTask.get(task);
    if (!deps) {
      deps = new Map();
      this.byTask.set(task, deps);
    }
    const existing = deps.get(blocker);
    if (!existing || SOURCE_RANK[source] < SOURCE_RANK[existing.source])
      deps.set(blocker, { id: blocker, source, line });
  }

  blockersOf(task: string): Iterable<string> {
    return this.byTask.get(task)?.keys() ?? [];
  }

  /** The task's dependencies in document order of the blockers (issue references last). */
  of(task: string, position: ReadonlyMap<string, number>): Dependency[] {
    const deps = [...(this.byTask.get(task)?.values() ?? [])];
    const at = deps.map((dep) => position.get(dep.id) ?? Number.MAX_SAFE_INTEGER);
    // Most edges arrive in document order already; sorting only when they did not keeps large plans fast.
    if (at.every((value, index) => index === 0 || (at[index - 1] as number) <= value)) return deps;
    return deps
      .map((dep, index) => ({ dep, at: at[index] as number }))
      .sort((a, b) => a.at - b.at)
      .map(({ dep }) => dep);
  }
}

/** Turns the drafted tasks into the canonical graph: ids, resolved references, and every dependency edge. */
export function resolvePlan(draft: DraftPlan): ResolvedPlan {
  const diagnostics: Diagnostic[] = [];
  const drafts = selectTasks(draft.tasks);
  const index = new TaskIndex(firstOfEachId(drafts, diagnostics));
  const order = new Map(drafts.map((task, position) => [task.id, position]));
  const edges = new EdgeSet();

  const resolve = (placed: PlacedReference): string | null => {
    const found = index.find(placed.ref.text);
    if (found.kind === "task") return found.id;
    if (found.kind === "ambiguous") {
      diagnostics.push({
        severity: "error",
        code: "ambiguous-reference",
        line: placed.line,
        column: placed.column,
        message: `'${placed.ref.text}' could mean ${found.ids.join(" or ")}`,
        hint: `Write the full id, e.g. ${found.ids[0]}.`,
      });
      return null;
    }
    if (placed.ref.hash && /^#\d+$/.test(placed.ref.text)) return placed.ref.text;
    const suggestions = index.suggest(placed.ref.text);
    diagnostics.push({
      severity: "error",
      code: "unknown-reference",
      line: placed.line,
      column: placed.column,
      message: `no task has the id '${placed.ref.text}'`,
      hint:
        suggestions.length > 0
          ? `Did you mean ${suggestions.join(", ")}?`
          : `Known ids: ${index.ids.slice(0, 8).join(", ")}${index.ids.length > 8 ? ", …" : ""}.${/^\d+$/.test(placed.ref.text) ? ` Write #${placed.ref.text} to depend on an existing issue.` : ""}`,
    });
    return null;
  };

  let stated = drafts.some((task) => task.explicitNone);
  for (const task of drafts) {
    for (const placed of task.depRefs) {
      const blocker = resolve(placed);
      if (blocker !== null) edges.add(task.id, blocker, "explicit", placed.line);
      stated = true;
    }
    for (const placed of task.blockRefs) {
      const dependent = resolve(placed);
      if (dependent !== null && !dependent.startsWith("#"))
        edges.add(dependent, task.id, "explicit", placed.line);
      stated = true;
    }
  }
  for (const relation of draft.relations) {
    stated = true;
    const blockers = relationSide(relation.blockers, resolve);
    const dependents = relationSide(relation.dependents, resolve);
    const blockerIds = blockers === "others" ? null : blockers;
    const dependentIds = dependents === "others" ? null : dependents;
    const all = drafts.map((task) => task.id);
    for (const dependent of dependentIds ?? all.filter((id) => !blockerIds?.includes(id))) {
      for (const blocker of blockerIds ?? all.filter((id) => !dependentIds?.includes(id))) {
        if (!dependent.startsWith("#")) edges.add(dependent, blocker, "prose", relation.line);
      }
    }
  }

  const parents = findParents(drafts, index);
  for (const [child, parent] of parents) edges.add(parent, child, "subtask", null);

  const phases = collectPhases(draft, drafts);
  const parallelGroups = findParallelGroups(drafts);
  if (stated) addPhaseBarriers(drafts, phases, edges);
  else addDocumentOrder(drafts, parents, edges);

  const tasks = drafts.map((task) =>
    toTask(
      task,
      edges.of(task.id, order),
      parents.get(task.id) ?? null,
      (placed) => resolve(placed),
      diagnostics,
    ),
  );
  return { tasks, phases, dependencyMode: stated ? "stated" : "document-order", diagnostics, parallelGroups };
}

/** Checklist items without ids are tasks only in a document that names no task any other way. */
function selectTasks(tasks: DraftTask[]): DraftTask[] {
  const named = tasks.filter((task) => !task.idGenerated);
  if (named.length > 0) return named;
  return tasks.map((task, position) => ({ ...task, id: String(position + 1) }));
}

function firstOfEachId(tasks: DraftTask[], diagnostics: Diagnostic[]): string[] {
  const seen = new Map<string, DraftTask>();
  const ids: string[] = [];
  for (const task of tasks) {
    const key = referenceKeys(task.id).exact;
    const first = seen.get(key);
    if (first) {
      diagnostics.push({
        severity: "error",
        code: "duplicate-id",
        line: task.line,
        column: task.column,
        message: `task id ${task.id} is used twice: line ${first.line} and line ${task.line}`,
        hint: "Give each task its own id; references to it would otherwise be ambiguous.",
      });
      continue;
    }
    seen.set(key, task);
    ids.push(task.id);
  }
  return ids;
}

function relationSide(
  side: PlacedReference[] | "others",
  resolve: (placed: PlacedReference) => string | null,
) {
  if (side === "others") return "others" as const;
  return side.map(resolve).filter((id): id is string => id !== null);
}

/** `2.1` is a subtask of `2` when a task `2` exists. */
function findParents(tasks: DraftTask[], index: TaskIndex): Map<string, string> {
  const parents = new Map<string, string>();
  for (const task of tasks) {
    const dot = task.id.lastIndexOf(".");
    if (dot <= 0) continue;
    const found = index.find(task.id.slice(0, dot));
    if (found.kind === "task" && found.id !== task.id) parents.set(task.id, found.id);
  }
  return parents;
}

function collectPhases(draft: DraftPlan, tasks: DraftTask[]): Phase[] {
  return draft.phases
    .map((phase) => ({
      ...phase,
      tasks: tasks.filter((task) => task.phase === phase.name).map((task) => task.id),
    }))
    .filter((phase, position, all) => all.findIndex((other) => other.name === phase.name) === position);
}

function findParallelGroups(tasks: DraftTask[]): string[][] {
  const groups: string[][] = [];
  let run: DraftTask[] = [];
  const close = () => {
    if (run.length > 1) groups.push(run.map((task) => task.id));
    run = [];
  };
  for (const task of tasks) {
    if (!task.parallel || (run.length > 0 && run[0]?.phase !== task.phase)) close();
    if (task.parallel) run.push(task);
  }
  close();
  return groups;
}

/**
 * Phases are barriers: every task of a phase waits for every task of the phase before it. The edges go
 * to the previous phase's last tasks only (those no task of that phase waits for); the others are
 * reached through them, so the order is the same with far fewer edges.
 */
function addPhaseBarriers(tasks: DraftTask[], phases: Phase[], edges: EdgeSet): void {
  const explicitNone = new Set(tasks.filter((task) => task.explicitNone).map((task) => task.id));
  const withTasks = phases.filter((phase) => phase.tasks.length > 0);
  for (let position = 1; position < withTasks.length; position++) {
    const previous = withTasks[position - 1]?.tasks ?? [];
    const inPhase = new Set(previous);
    const waitedFor = new Set(
      previous.flatMap((id) => [...edges.blockersOf(id)].filter((other) => inPhase.has(other))),
    );
    const lastTasks = previous.filter((id) => !waitedFor.has(id));
    for (const task of withTasks[position]?.tasks ?? []) {
      if (explicitNone.has(task)) continue;
      for (const blocker of lastTasks.length > 0 ? lastTasks : previous)
        edges.add(task, blocker, "phase", null);
    }
  }
}

/**
 * With no dependency stated anywhere, the document's order is the plan: each task waits for the one
 * before it, a run of consecutive [P] tasks runs together, and a phase boundary is a barrier. A task with
 * subtasks comes after them, since it is done only when they are.
 */
function addDocumentOrder(tasks: DraftTask[], parents: Map<string, string>, edges: EdgeSet): void {
  const sequence = placeParentsAfterChildren(tasks, parents);
  let previousGroup: DraftTask[] = [];
  let group: DraftTask[] = [];
  const link = (members: DraftTask[], blockers: DraftTask[]) => {
    for (const task of members) {
      for (const blocker of blockers) {
        if (parents.get(blocker.id) === task.id || parents.get(task.id) === blocker.id) continue;
        edges.add(task.id, blocker.id, blocker.phase === task.phase ? "order" : "phase", null);
      }
    }
  };
  for (const task of sequence) {
    const joinsGroup =
      task.parallel &&
      group.length > 0 &&
      group.every((member) => member.parallel && member.phase === task.phase);
    if (!joinsGroup && group.length > 0) {
      previousGroup = group;
      group = [];
    }
    group.push(task);
    link([task], previousGroup);
  }
}

function placeParentsAfterChildren(tasks: DraftTask[], parents: Map<string, string>): DraftTask[] {
  const childrenOf = new Map<string, DraftTask[]>();
  for (const task of tasks) {
    const parent = parents.get(task.id);
    if (parent) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), task]);
  }
  const placed: DraftTask[] = [];
  const visit = (task: DraftTask) => {
    for (const child of childrenOf.get(task.id) ?? []) visit(child);
    placed.push(task);
  };
  for (const task of tasks) if (!parents.has(task.id)) visit(task);
  return placed;
}

function toTask(
  draft: DraftTask,
  deps: Dependency[],
  parent: string | null,
  resolve: (placed: PlacedReference) => string | null,
  diagnostics: Diagnostic[],
): Task {
  const resolveAll = (refs: PlacedReference[]) =>
    refs.map(resolve).filter((id): id is string => id !== null && !id.startsWith("#"));
  return {
    id: draft.id,
    aliases: aliasesOf(draft.id),
    title: draft.title || draft.id,
    description: draft.description.join("\n\n").trim(),
    steps: draft.steps,
    acceptance: draft.acceptance,
    verify: draft.verify,
    specs: draft.specs.join("\n\n").trim(),
    files: [...new Set(draft.files)],
    deps,
    parallelWith: resolveAll(draft.parallelRefs),
    conflictsWith: resolveAll(draft.conflictRefs),
    phase: draft.phase,
    parallel: draft.parallel,
    priority: draft.priority,
    complexity: draft.complexity,
    type: readType(draft, diagnostics),
    agent: draft.agent,
    labels: [...new Set(draft.labels)],
    status: draft.status,
    optional: draft.optional,
    issue: draft.issue,
    parent,
    line: draft.line,
    column: draft.column,
  };
}

function aliasesOf(id: string): string[] {
  const aliases = new Set<string>();
  const keys = referenceKeys(id);
  if (/^\d/.test(id)) {
    aliases.add(`Task ${id}`);
    aliases.add(`#${id}`);
  }
  if (keys.unpadded !== keys.exact) aliases.add(keys.unpadded);
  aliases.delete(id);
  return [...aliases];
}

function readType(draft: DraftTask, diagnostics: Diagnostic[]): TaskType | null {
  if (draft.type === null) return null;
  const parsed = taskTypeSchema.safeParse(TYPE_SYNONYMS[draft.type] ?? draft.type);
  if (parsed.success) return parsed.data;
  diagnostics.push({
    severity: "warning",
    code: "unknown-type",
    line: draft.typeAt?.line ?? draft.line,
    column: draft.typeAt?.column ?? draft.column,
    message: `type '${draft.type}' of ${draft.id} is not one Foreman knows, so it is ignored`,
    hint: `Use one of: ${taskTypeSchema.options.join(", ")}.`,
  });
  return null;
}
