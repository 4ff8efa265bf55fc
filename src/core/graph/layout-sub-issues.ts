import type { Diagnostic, Task } from "./task-graph.ts";
import { transitiveReduction } from "./transitive-reduction.ts";

/** GitHub's limits: sub-issues per parent issue, and `blocked by` links per issue. */
export const MAX_SUB_ISSUES = 100;
export const MAX_BLOCKERS = 50;

/**
 * `phaseIssues` in `.github/foreman.yml`: `auto` puts the tasks under one issue per phase when GitHub's
 * limits need it (more than 100 tasks, or a task that only fits 50 blocked-by links with whole phases
 * linked as one); `always` whenever the plan has phases; `never` keeps every task under the plan.
 */
export const PHASE_ISSUE_MODES = ["auto", "always", "never"] as const;
export type PhaseIssueMode = (typeof PHASE_ISSUE_MODES)[number];

/** One phase issue: a sub-issue of the plan whose sub-issues are the tasks of one group (or of 100 of them). */
export type PhaseSlot = {
  /** stable name: the group's id; `~2`, `~3`… added for its later hundreds; `~other` for tasks in no group */
  key: string;
  /** the group's heading as written, with `(part 2 of 3)` where a group needs several issues */
  title: string;
  /** its tasks' ids, in document order */
  tasks: string[];
};

/** What a task's issue is blocked by: another task's issue, or a phase issue standing for all its tasks. */
export type LinkTarget = { kind: "task"; id: string } | { kind: "phase"; key: string };

export type SubIssueLayout = {
  /** the phase issues to have, in document order; none when every task is a sub-issue of the plan */
  phases: PhaseSlot[];
  /** task id → key of the phase issue it is a sub-issue of; a task not here is the plan's own sub-issue */
  parentOf: Map<string, string>;
  /** the `blocked by` links among the plan's issues: [task id, blocker] */
  blockers: Array<[taskId: string, blocker: LinkTarget]>;
  /** where GitHub's limits still cannot be met, at the task concerned */
  diagnostics: Diagnostic[];
};

type LayoutTask = Pick<Task, "id" | "deps" | "group" | "phase" | "line" | "column">;

const OTHER_KEY = "~other";

/**
 * How a plan's issues hang together on GitHub within its limits (100 sub-issues per issue, 8 levels,
 * 50 blocked-by links): the tasks directly under the plan, or under one issue per phase, each a
 * sub-issue of the plan, so a plan holds up to 100 × 100 tasks. Tasks outside any phase stay under the
 * plan while that fits, else they get "Other tasks" issues. The links are the graph's transitive
 * reduction; a task that would still need more than 50 is linked to whole phases it waits for entirely
 * (a phase issue closes once all its tasks are done), and only where even that is too many is it an
 * error, naming the task. `reduced` is the reduction when the caller has it already.
 */
export function layoutSubIssues(
  tasks: readonly LayoutTask[],
  mode: PhaseIssueMode,
  reduced: ReadonlyArray<readonly [string, string]> = transitiveReduction(tasks),
): SubIssueLayout {
  const diagnostics: Diagnostic[] = [];
  const direct = new Map<string, string[]>();
  for (const [task, blocker] of reduced) direct.set(task, [...(direct.get(task) ?? []), blocker]);
  const externalCount = (task: LayoutTask) =>
    new Set(task.deps.filter((dep) => dep.id.startsWith("#")).map((dep) => dep.id)).size;
  const tooMany = (task: LayoutTask) =>
    (direct.get(task.id)?.length ?? 0) + externalCount(task) > MAX_BLOCKERS;
  const usePhases =
    mode === "always" || (mode === "auto" && (tasks.length > MAX_SUB_ISSUES || tasks.some(tooMany)));
  const phases = usePhases ? phaseSlots(tasks) : [];
  const parentOf = new Map(phases.flatMap((slot) => slot.tasks.map((id) => [id, slot.key] as const)));
  const planChildren = phases.length + tasks.filter((task) => !parentOf.has(task.id)).length;
  if (planChildren > MAX_SUB_ISSUES) diagnostics.push(tooManyChildren(tasks, phases, parentOf));

  const byId = new Map(tasks.map((task) => [task.id, task]));
  const blockers: SubIssueLayout["blockers"] = [];
  for (const task of tasks) {
    let links: LinkTarget[] = (direct.get(task.id) ?? []).map((id) => ({ kind: "task", id }));
    if (links.length + externalCount(task) > MAX_BLOCKERS && phases.length > 0)
      links = withPhaseBarriers(task, links, phases, byId);
    blockers.push(...links.map((link) => [task.id, link] as [string, LinkTarget]));
    const count = links.length + externalCount(task);
    if (count > MAX_BLOCKERS) diagnostics.push(tooManyBlockers(task, count, phases.length > 0, mode));
  }
  return { phases, parentOf, blockers, diagnostics };
}

/** The phase issues: each group's tasks by the hundred, then the tasks in no group when the plan lacks room. */
function phaseSlots(tasks: readonly LayoutTask[]): PhaseSlot[] {
  const groups = new Map<string, { name: string; tasks: string[] }>();
  const ungrouped: string[] = [];
  for (const task of tasks) {
    if (task.group === null) {
      ungrouped.push(task.id);
      continue;
    }
    const group = groups.get(task.group) ?? { name: task.phase ?? task.group, tasks: [] };
    group.tasks.push(task.id);
    groups.set(task.group, group);
  }
  const slots = [...groups].flatMap(([key, group]) => hundreds(key, group.name, group.tasks));
  if (slots.length + ungrouped.length <= MAX_SUB_ISSUES) return slots;
  return [...slots, ...hundreds(OTHER_KEY, groups.size === 0 ? "Tasks" : "Other tasks", ungrouped)];
}

function hundreds(key: string, name: string, ids: readonly string[]): PhaseSlot[] {
  const parts = Math.ceil(ids.length / MAX_SUB_ISSUES);
  return Array.from({ length: parts }, (_, index) => ({
    key: index === 0 ? key : `${key}~${index + 1}`,
    title: parts === 1 ? name : `${name} (part ${index + 1} of ${parts})`,
    tasks: ids.slice(index * MAX_SUB_ISSUES, (index + 1) * MAX_SUB_ISSUES),
  }));
}

/**
 * A task's links with the blockers inside a phase it waits for entirely replaced by one link to that
 * phase's issue: the same wait, since the phase issue stays open until every task in it is done.
 */
function withPhaseBarriers(
  task: LayoutTask,
  links: LinkTarget[],
  phases: readonly PhaseSlot[],
  byId: ReadonlyMap<string, LayoutTask>,
): LinkTarget[] {
  const ancestors = new Set<string>();
  const stack = task.deps.map((dep) => dep.id);
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (ancestors.has(id) || !byId.has(id)) continue;
    ancestors.add(id);
    for (const dep of byId.get(id)?.deps ?? []) stack.push(dep.id);
  }
  let result = links;
  for (const phase of phases) {
    if (!phase.tasks.every((id) => ancestors.has(id))) continue;
    const members = new Set(phase.tasks);
    const inside = result.filter((link) => link.kind === "task" && members.has(link.id));
    if (inside.length < 2) continue;
    result = [...result.filter((link) => !inside.includes(link)), { kind: "phase", key: phase.key }];
  }
  return result;
}

function tooManyChildren(
  tasks: readonly LayoutTask[],
  phases: readonly PhaseSlot[],
  parentOf: ReadonlyMap<string, string>,
): Diagnostic {
  if (phases.length === 0) {
    // Only `never` keeps more than 100 tasks without phase issues.
    const first = tasks[MAX_SUB_ISSUES];
    return {
      severity: "error",
      code: "too-many-tasks",
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      message: `the plan has ${tasks.length} tasks, and \`phaseIssues: never\` in .github/foreman.yml keeps them all directly under the plan; GitHub allows ${MAX_SUB_ISSUES} sub-issues per issue`,
      hint: `Set \`phaseIssues: auto\` (one issue per phase, up to ${MAX_SUB_ISSUES} phases of ${MAX_SUB_ISSUES} tasks), or split the plan (task ${first?.id} is the first one over).`,
    };
  }
  // The plan's own sub-issues are its phase issues and the tasks outside any phase.
  const over = phases[MAX_SUB_ISSUES]?.tasks[0];
  const first = tasks.find((task) => task.id === over) ?? tasks.find((task) => !parentOf.has(task.id));
  return {
    severity: "error",
    code: "too-many-tasks",
    line: first?.line ?? 1,
    column: first?.column ?? 1,
    message: `the plan's ${tasks.length} tasks need ${phases.length} phase issues under the plan; GitHub allows ${MAX_SUB_ISSUES} sub-issues per issue, so a plan holds at most ${MAX_SUB_ISSUES} phases of ${MAX_SUB_ISSUES} tasks`,
    hint: `Merge small phases into larger ones (at most ${MAX_SUB_ISSUES} tasks each), or split the plan (task ${first?.id} is in the first phase over).`,
  };
}

function tooManyBlockers(task: LayoutTask, count: number, phased: boolean, mode: PhaseIssueMode): Diagnostic {
  const hint = phased
    ? `Add an intermediate task (for example a phase check) that the others feed into, or let ${task.id} wait for whole phases (\`after Phase 2\`) rather than for tasks of many phases.`
    : mode === "never"
      ? "Set `phaseIssues: auto` in .github/foreman.yml so a phase it waits for entirely is one link, or add an intermediate task (for example a phase check) that the others feed into."
      : `Put the tasks it waits for under a phase heading (\`## Phase 2: …\`), so one phase issue stands for them, or add an intermediate task that the others feed into.`;
  return {
    severity: "error",
    code: "too-many-dependencies",
    line: task.line,
    column: task.column,
    message: `${task.id} waits directly for ${count} tasks${phased ? ", even with the phases it waits for entirely linked as one issue each" : ""}; GitHub allows ${MAX_BLOCKERS} 'blocked by' links per issue`,
    hint,
  };
}
