import { findCycles } from "./find-cycles.ts";
import { layoutSubIssues, MAX_BLOCKERS, MAX_SUB_ISSUES } from "./layout-sub-issues.ts";
import type { Diagnostic, Task } from "./task-graph.ts";

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

  if (cycles.length === 0) checkIssueLimits(tasks, diagnostics);
  checkParallelGroups(byId, parallelGroups, diagnostics);
  checkDuplicateTitles(tasks, diagnostics);
  return diagnostics;
}

/**
 * GitHub's limits, as the plan's issues will meet them with the default `phaseIssues: auto` (a setting
 * of `never` is checked against the config by the reconcile). Only a plan of more than 100 tasks or a
 * task with more than 50 direct dependencies can exceed them, so the layout is worked out only then.
 */
function checkIssueLimits(tasks: Task[], diagnostics: Diagnostic[]): void {
  const fewDependencies = tasks.every((task) => task.deps.length <= MAX_BLOCKERS);
  if (tasks.length <= MAX_SUB_ISSUES && fewDependencies) return;
  // Only the limits matter here, not the links: with no task over 50 direct dependencies none is over
  // after the reduction either, and the reduction (the costly part for large plans) is not needed.
  diagnostics.push(...layoutSubIssues(tasks, "auto", fewDependencies ? [] : undefined).diagnostics);
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
