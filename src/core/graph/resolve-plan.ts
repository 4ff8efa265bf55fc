import { addGroupOrder } from "./add-group-order.ts";
import type { DraftPlan, DraftTask, PlacedReference } from "./draft-task.ts";
import { type OrderSide, type OrderStatement, readOrderStatements } from "./read-order-statements.ts";
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
  const drafts = selectTasks(draft.tasks, diagnostics);
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

  for (const task of drafts) {
    const first = task.depRefs[0];
    if (!task.explicitNone || !first) continue;
    diagnostics.push({
      severity: "warning",
      code: "conflicting-dependencies",
      line: first.line,
      column: first.column,
      message: `${task.id} says it depends on nothing and also on ${task.depRefs.map((placed) => placed.ref.text).join(", ")}; Foreman follows the tasks it names`,
      hint: "Remove `none`, or remove the dependencies, so the task says one thing.",
    });
    task.explicitNone = false;
  }
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
  const phases = collectPhases(draft, drafts);
  const read = readOrderStatements(
    draft.orderLines,
    phases.map((phase) => ({ id: phase.id, name: phase.name })),
  );
  diagnostics.push(...read.diagnostics);
  const sidesOf = (statement: OrderStatement): OrderSide[] =>
    statement.kind === "after"
      ? [statement.dependents, statement.blockers]
      : statement.kind === "sequence"
        ? statement.steps
        : [statement.members];
  const namesGroups = (statement: OrderStatement) =>
    sidesOf(statement).some((side) => side.groups.length > 0);
  const orderStatements = read.statements.filter(
    (statement) => statement.kind !== "parallel" && statement.kind !== "independent",
  );
  if (
    orderStatements.some((statement) =>
      sidesOf(statement).some((side) => side.tasks.length > 0 || side.others),
    )
  )
    stated = true;
  const all = drafts.map((task) => task.id);
  const idsOf = (side: OrderSide) =>
    side.tasks.map(resolve).filter((id): id is string => id !== null && !id.startsWith("#"));
  const relateTasks = (dependents: OrderSide, blockers: OrderSide, line: number) => {
    const blockerIds = blockers.others ? null : idsOf(blockers);
    const dependentIds = dependents.others ? null : idsOf(dependents);
    for (const dependent of dependentIds ?? all.filter((id) => !blockerIds?.includes(id)))
      for (const blocker of blockerIds ?? all.filter((id) => !dependentIds?.includes(id)))
        if (dependent !== blocker || (dependentIds && blockerIds))
          edges.add(dependent, blocker, "prose", line);
  };
  for (const statement of orderStatements) {
    if (namesGroups(statement)) continue;
    if (statement.kind === "after") relateTasks(statement.dependents, statement.blockers, statement.line);
    if (statement.kind === "sequence")
      for (let step = 1; step < statement.steps.length; step++)
        relateTasks(
          statement.steps[step] as OrderSide,
          statement.steps[step - 1] as OrderSide,
          statement.line,
        );
  }
  const runsTogether = new Map<string, Set<number>>();
  read.statements.forEach((statement, position) => {
    if (statement.kind !== "parallel") return;
    for (const id of idsOf(statement.members))
      runsTogether.set(id, (runsTogether.get(id) ?? new Set()).add(position));
  });

  // A parent that is only a header is done when its subtasks are; one with work of its own comes first.
  const parents = findParents(drafts, index);
  const byId = new Map(drafts.map((task) => [task.id, task]));
  const rollUps = new Map([...parents].filter(([, parent]) => isBareHeader(byId.get(parent))));
  for (const [child, parent] of parents) {
    if (rollUps.has(child)) edges.add(parent, child, "subtask", null);
    else edges.add(child, parent, "subtask", null);
  }

  const parallelGroups = findParallelGroups(drafts);
  if (!stated) addDocumentOrder(drafts, rollUps, edges, runsTogether);
  addGroupOrder({
    tasks: drafts,
    phases,
    statements: read.statements.filter(namesGroups),
    edges,
    resolve,
  });

  const groupOfName = new Map(phases.map((phase) => [phase.name, phase.id]));
  const tasks = drafts.map((task) =>
    toTask(
      task,
      edges.of(task.id, order),
      parents.get(task.id) ?? null,
      task.phase === null ? null : (groupOfName.get(task.phase) ?? null),
      (placed) => resolve(placed),
      diagnostics,
    ),
  );
  return { tasks, phases, dependencyMode: stated ? "stated" : "document-order", diagnostics, parallelGroups };
}

/**
 * Checklist items without ids are tasks only in a document that names no task any other way; where it
 * does, the items left out are reported, so no work disappears without a word.
 */
function selectTasks(tasks: DraftTask[], diagnostics: Diagnostic[]): DraftTask[] {
  const named = tasks.filter((task) => !task.idGenerated);
  if (named.length === 0) return tasks.map((task, position) => ({ ...task, id: String(position + 1) }));
  const left = tasks.filter((task) => task.idGenerated);
  const first = left[0];
  if (first) {
    const titles = left.slice(0, 3).map((task) => `'${task.title}' (line ${task.line})`);
    diagnostics.push({
      severity: "warning",
      code: "item-without-id",
      line: first.line,
      column: first.column,
      message: `${left.length === 1 ? "a checklist item has" : `${left.length} checklist items have`} no task id, so ${left.length === 1 ? "it is not read as a task" : "they are not read as tasks"}: ${titles.join(", ")}${left.length > 3 ? ", …" : ""}`,
      hint: `This document names its tasks by id (${named[0]?.id} …); give these items ids (e.g. \`- [ ] ${named[0]?.id.replace(/\d+$/, "")}…\`) to make them tasks, or move them under a heading such as "Success Criteria".`,
    });
  }
  return named;
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

/** Lines that only point at requirements (Kiro's `_Requirements: 1.1, 2.3_`) are not work of their own. */
const REFERENCE_ONLY = /^_*(?:requirements?|refs?|references?|leverage|traces?\s+to)\s*:.*$/i;

function isBareHeader(task: DraftTask | undefined): boolean {
  if (!task) return false;
  if (task.container) return true;
  const own = [
    ...task.steps.map((step) => step.text),
    ...task.acceptance,
    ...task.verify,
    ...task.specs,
    ...task.files,
  ];
  const description = task.description
    .join("\n")
    .split("\n")
    .map((line) => line.replace(/^\s*[-*+]\s+/, "").trim())
    .filter((line) => line !== "" && !REFERENCE_ONLY.test(line));
  return own.length === 0 && description.length === 0;
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
  const taken = new Set<string>();
  return draft.phases
    .filter((phase, position, all) => all.findIndex((other) => other.name === phase.name) === position)
    .map((phase) => ({
      id: groupId(phase.name, taken),
      ...phase,
      tasks: tasks.filter((task) => task.phase === phase.name).map((task) => task.id),
    }));
}

/**
 * A group's id, stable while its heading keeps its number: `phase-3`, `user-story-2`, else the heading
 * as a slug (`epic-billing`); a repeated one gets `-2`.
 */
function groupId(name: string, taken: Set<string>): string {
  const numbered =
    /^(phase|stage|milestone|epic|sprint|iteration|wave|part|track)\s+(\d+(?:\.\d+)*)/i.exec(name) ??
    /^(user\s+story|story)\s*-?\s*(\d+)/i.exec(name);
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}.]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "");
  const base = (numbered ? slug(`${numbered[1]} ${numbered[2]}`) : slug(name)) || "group";
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
  taken.add(id);
  return id;
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
 * With no dependency stated anywhere, the document's order is the plan: each task waits for the one
 * before it, a run of consecutive [P] tasks runs together, and a phase boundary is a barrier. A task with
 * subtasks comes after them, since it is done only when they are.
 */
function addDocumentOrder(
  tasks: DraftTask[],
  parents: Map<string, string>,
  edges: EdgeSet,
  runsTogether: ReadonlyMap<string, ReadonlySet<number>>,
): void {
  const sequence = placeParentsAfterChildren(tasks, parents);
  const sharesStatement = (a: DraftTask, b: DraftTask) =>
    [...(runsTogether.get(a.id) ?? [])].some((statement) => runsTogether.get(b.id)?.has(statement));
  let previousGroup: DraftTask[] = [];
  let group: DraftTask[] = [];
  for (const task of sequence) {
    if (group.length > 0 && group[0]?.phase !== task.phase) {
      previousGroup = [];
      group = [];
    }
    const allParallel = task.parallel && group.every((member) => member.parallel);
    const allTogether = group.every((member) => sharesStatement(member, task));
    const joinsGroup = group.length > 0 && (allParallel || allTogether);
    if (!joinsGroup && group.length > 0) {
      previousGroup = group;
      group = [];
    }
    group.push(task);
    for (const blocker of previousGroup) {
      if (parents.get(blocker.id) === task.id || parents.get(task.id) === blocker.id) continue;
      edges.add(task.id, blocker.id, "order", null);
    }
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
  group: string | null,
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
    group,
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
