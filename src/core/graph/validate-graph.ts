import { findCycles } from "./find-cycles.ts";
import type { Diagnostic, Task } from "./task-graph.ts";
import { transitiveReduction } from "./transitive-reduction.ts";

/** GitHub's limits: sub-issues per parent issue, and `blocked by` links per issue. */
export const MAX_TASKS = 100;
export const MAX_BLOCKERS = 50;

export const ACCEPTED_FORMS = [
  "a heading per task: `### Task 3: Title`, `## T003: Title`, `### 3. Title`",
  "a checklist item per task: `- [ ] T012 [P] Title (depends on T010)`, `- [ ] **T004** Title`, `- [ ] 2.1 Title`",
  "a plain checklist: `- [ ] Title` (one task per item, in order)",
  "an existing issue: `- [ ] #123`",
  "a Task Master tasks.json, as the file or in a ```json block",
].join("; ");

/**
 * Checks the resolved graph. Never throws: every problem becomes a diagnostic with a line, a column and a
 * hint. Edges that make the graph unusable (self-dependencies, subtasks waiting for their parent) are
 * removed from `tasks` after being reported, so later steps see a graph they can work with.
 */
export function validateGraph(tasks: Task[], parallelGroups: string[][]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (tasks.length === 0) {
    diagnostics.push({
      severity: "error",
      code: "no-tasks",
      line: 1,
      column: 1,
      message: "no tasks found in this document",
      hint: `Write tasks as ${ACCEPTED_FORMS}. See docs/task-format.md.`,
    });
    return diagnostics;
  }
  const byId = new Map(tasks.map((task) => [task.id, task]));

  for (const task of tasks) {
    const self = task.deps.find((dep) => dep.id === task.id);
    if (self) {
      diagnostics.push({
        severity: "error",
        code: "self-dependency",
        line: self.line ?? task.line,
        column: task.column,
        message: `${task.id} depends on itself`,
        hint: `Remove ${task.id} from its own dependencies.`,
      });
    }
    // Only a parent that waits for its subtasks (a bare header) cannot be waited for by one of them.
    const rollsUp = task.parent !== null && byId.get(task.parent)?.deps.some((dep) => dep.id === task.id);
    const onParent = rollsUp
      ? task.deps.find((dep) => dep.id === task.parent && dep.source !== "subtask")
      : undefined;
    if (onParent) {
      diagnostics.push({
        severity: "error",
        code: "subtask-waits-for-parent",
        line: onParent.line ?? task.line,
        column: task.column,
        message: `subtask ${task.id} waits for its own parent ${task.parent}, which is done only when its subtasks are`,
        hint: `Drop the dependency on ${task.parent}, or make ${task.id} a task of its own (not numbered under ${task.parent}).`,
      });
    }
    if (self || onParent) task.deps = task.deps.filter((dep) => dep !== self && dep !== onParent);
  }

  const graph = new Map(tasks.map((task) => [task.id, task.deps.map((dep) => dep.id)]));
  const cycles = findCycles(graph);
  for (const cycle of cycles) {
    const first = byId.get(cycle[0] ?? "");
    const where = cycle
      .slice(0, -1)
      .map((id) => `${id} (line ${byId.get(id)?.line ?? "?"})`)
      .join(", ");
    diagnostics.push({
      severity: "error",
      code: "dependency-cycle",
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      message: `dependency cycle: ${cycle.join(" → ")} — each task waits for the next, so none can start (${where})`,
      hint: "Remove one dependency in this cycle.",
    });
  }

  checkSubIssueLimit(tasks, diagnostics);
  if (cycles.length === 0) checkBlockerLimit(tasks, diagnostics);
  checkParallelGroups(byId, parallelGroups, diagnostics);
  checkDuplicateTitles(tasks, diagnostics);
  return diagnostics;
}

/**
 * GitHub allows 100 sub-issues per issue. A plan of more than 100 tasks gets one issue per group (phase,
 * story…) under the plan, each task under its group: then the plan's direct children (groups and tasks
 * outside any group) and each group's tasks must each fit in 100.
 */
function checkSubIssueLimit(tasks: Task[], diagnostics: Diagnostic[]): void {
  if (tasks.length <= MAX_TASKS) return;
  const byGroup = new Map<string, Task[]>();
  const ungrouped: Task[] = [];
  for (const task of tasks) {
    if (task.group === null) ungrouped.push(task);
    else byGroup.set(task.group, [...(byGroup.get(task.group) ?? []), task]);
  }
  const direct = byGroup.size + ungrouped.length;
  if (direct > MAX_TASKS) {
    const first = ungrouped[Math.max(0, MAX_TASKS - byGroup.size)] ?? tasks[MAX_TASKS];
    diagnostics.push({
      severity: "error",
      code: "too-many-tasks",
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      message: `the plan has ${tasks.length} tasks, ${ungrouped.length} of them outside any phase, and ${byGroup.size} phases; GitHub allows ${MAX_TASKS} sub-issues per issue`,
      hint: `Put the tasks under phase headings (\`## Phase 1: …\`, at most ${MAX_TASKS} tasks each), or split the plan (task ${first?.id} is the first one over).`,
    });
  }
  for (const [group, members] of byGroup) {
    if (members.length <= MAX_TASKS) continue;
    const first = members[MAX_TASKS];
    diagnostics.push({
      severity: "error",
      code: "too-many-tasks",
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      message: `group ${group} has ${members.length} tasks; GitHub allows ${MAX_TASKS} sub-issues per issue`,
      hint: `Split it into two phases of at most ${MAX_TASKS} tasks (task ${first?.id} is the first one over).`,
    });
  }
}

function checkBlockerLimit(tasks: Task[], diagnostics: Diagnostic[]): void {
  // The reduction only ever lowers a count, so it is needed only when some task has too many direct edges.
  if (tasks.every((task) => task.deps.length <= MAX_BLOCKERS)) return;
  const blockers = new Map<string, number>();
  for (const [task] of transitiveReduction(tasks)) blockers.set(task, (blockers.get(task) ?? 0) + 1);
  for (const task of tasks) {
    const count = (blockers.get(task.id) ?? 0) + task.deps.filter((dep) => dep.id.startsWith("#")).length;
    if (count <= MAX_BLOCKERS) continue;
    diagnostics.push({
      severity: "error",
      code: "too-many-dependencies",
      line: task.line,
      column: task.column,
      message: `${task.id} waits directly for ${count} tasks; GitHub allows ${MAX_BLOCKERS} 'blocked by' links per issue`,
      hint: "Add an intermediate task (for example a phase check) that the others feed into.",
    });
  }
}

function checkParallelGroups(
  byId: Map<string, Task>,
  parallelGroups: string[][],
  diagnostics: Diagnostic[],
): void {
  for (const group of parallelGroups) {
    const members = new Set(group);
    const fileOwner = new Map<string, string>();
    for (const id of group) {
      const task = byId.get(id);
      if (!task) continue;
      const inGroup = task.deps.find(
        (dep) => members.has(dep.id) && (dep.source === "explicit" || dep.source === "prose"),
      );
      if (inGroup) {
        diagnostics.push({
          severity: "warning",
          code: "parallel-contradiction",
          line: inGroup.line ?? task.line,
          column: task.column,
          message: `${task.id} is marked [P] but waits for ${inGroup.id}, which is in the same parallel group`,
          hint: `Remove [P] from ${task.id}, or drop its dependency on ${inGroup.id}.`,
        });
      }
      for (const file of task.files) {
        const owner = fileOwner.get(file);
        if (owner === undefined) {
          fileOwner.set(file, task.id);
          continue;
        }
        diagnostics.push({
          severity: "warning",
          code: "parallel-file-overlap",
          line: task.line,
          column: task.column,
          message: `${task.id} and ${owner} are both marked [P] but both change ${file}`,
          hint: "Foreman will not run them at the same time; drop [P] from one of them to say so.",
        });
      }
    }
  }
}

function checkDuplicateTitles(tasks: Task[], diagnostics: Diagnostic[]): void {
  const seenTitles = new Map<string, Task>();
  for (const task of tasks) {
    const key = task.title.toLowerCase();
    const first = seenTitles.get(key);
    if (!first) {
      seenTitles.set(key, task);
      continue;
    }
    diagnostics.push({
      severity: "warning",
      code: "duplicate-title",
      line: task.line,
      column: task.column,
      message: `${task.id} has the same title as ${first.id} (line ${first.line}): '${task.title}'`,
      hint: "If this is the same work listed twice, remove one; otherwise give it a distinct title.",
    });
  }
}
