import type { TaskState } from "../graph/task-state.ts";
import { findIssueDependencies } from "./find-issue-dependencies.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import { summariseTaskFacts, type TaskProgress } from "./summarise-task-facts.ts";
import type { TaskFacts } from "./task-facts.ts";
import type { TaskOutline } from "./task-outline.ts";

export type TaskStateInputs = {
  tasks: readonly TaskOutline[];
  /** task id → its child issue */
  children: ReadonlyMap<string, IssueRecord>;
  /** task id → what GitHub shows on its branch */
  facts: Readonly<Record<string, TaskFacts>>;
  /** the engine's reading of each task's work, where it has one: it decides over the plain summary */
  progress?: Readonly<Record<string, TaskProgress>>;
  planCancelled: boolean;
  /** issue number → the existing issue a task waits for (`Depends on: #99`); absent means not found */
  issues: ReadonlyMap<number, IssueRecord>;
};

const SATISFIED: ReadonlySet<TaskState> = new Set(["done", "skipped"]);
const STUCK: ReadonlySet<TaskState> = new Set(["needs-human", "cancelled", "blocked"]);

/**
 * Each task's state, derived from what GitHub shows (DESIGN.md "Words"): the child issue (closed as
 * completed = done, closed otherwise = skipped, `foreman:needs-human` = a person's decision pending),
 * the attempts (workflow runs, the PR and its checks), then the dependencies for tasks not started.
 * An existing issue a task waits for holds it `pending` while open (or not found) and releases it once
 * closed, whatever the reason, as a closed blocker no longer blocks on GitHub.
 */
export function deriveTaskStates(inputs: TaskStateInputs): Record<string, TaskState> {
  const byId = new Map(inputs.tasks.map((task) => [task.id, task]));
  const issueDependencies = findIssueDependencies(inputs.tasks);
  const states: Record<string, TaskState> = {};
  const visiting = new Set<string>();

  const stateOf = (task: TaskOutline): TaskState => {
    const known = states[task.id];
    if (known) return known;
    // A cycle cannot reach here from a valid graph; treating it as pending keeps the function total.
    if (visiting.has(task.id)) return "pending";
    visiting.add(task.id);
    const waitsForIssue = (issueDependencies.get(task.id) ?? []).some(
      (number) => inputs.issues.get(number)?.state !== "closed",
    );
    const state = ownState(task, inputs) ?? stateFromDependencies(task, byId, stateOf, waitsForIssue);
    visiting.delete(task.id);
    states[task.id] = state;
    return state;
  };

  for (const task of inputs.tasks) stateOf(task);
  return states;
}

function ownState(task: TaskOutline, inputs: TaskStateInputs): TaskState | undefined {
  const child = inputs.children.get(task.id);
  const runtime = inputs.progress?.[task.id] ?? summariseTaskFacts(inputs.facts[task.id]);
  if (task.status === "done" || runtime.pr?.merged) return "done";
  if (child?.state === "closed" && child.stateReason !== "not_planned" && child.stateReason !== "duplicate") {
    return "done";
  }
  if (inputs.planCancelled) return "cancelled";
  if (task.status === "skipped" || child?.state === "closed") return "skipped";
  if (child?.labels.includes("foreman:needs-human")) return "needs-human";
  if (runtime.running) return "running";
  if (runtime.pr?.state === "open") return runtime.checks === "failure" ? "failed" : "verifying";
  if (runtime.attempts > 0) return "failed";
  return undefined;
}

function stateFromDependencies(
  task: TaskOutline,
  byId: ReadonlyMap<string, TaskOutline>,
  stateOf: (task: TaskOutline) => TaskState,
  waitsForIssue: boolean,
): TaskState {
  const dependencyStates = task.deps.flatMap((dependency) => {
    const blocker = byId.get(dependency.id);
    return blocker ? [stateOf(blocker)] : [];
  });
  if (dependencyStates.some((state) => STUCK.has(state))) return "blocked";
  return !waitsForIssue && dependencyStates.every((state) => SATISFIED.has(state)) ? "ready" : "pending";
}
