import { remainingPathLengths } from "../graph/critical-path.ts";
import type { TaskState } from "../graph/task-state.ts";
import { deriveTaskStates } from "../plan/derive-task-states.ts";
import type { IssueRecord } from "../plan/plan-snapshot.ts";
import type { TaskProgress } from "../plan/summarise-task-facts.ts";
import type { RequiredCheck } from "../plan/task-facts.ts";
import type { TaskOutline } from "../plan/task-outline.ts";
import { type BudgetLedger, computeBudgetLedger } from "./compute-budget-ledger.ts";
import { deriveTaskWork, type TaskWork } from "./derive-task-work.ts";
import type { EngineInput, EngineTask } from "./engine-input.ts";
import { resolveRequiredChecks } from "./resolve-required-checks.ts";

/** What every engine planner reads, derived once per round from the input. */
export type EngineView = {
  required: RequiredCheck[];
  byId: ReadonlyMap<string, EngineTask>;
  work: ReadonlyMap<string, TaskWork>;
  states: Readonly<Record<string, TaskState>>;
  ledger: BudgetLedger;
  /** per unfinished task, the length of the longest chain of unfinished tasks it starts */
  remaining: ReadonlyMap<string, number>;
};

/**
 * The engine's reading of the plan: each task's work (attempts, runs, PR, verdict) and from it the task
 * states of DESIGN.md "Words", through the same state derivation the tracking comment uses, so a task
 * is never "done" for one and "verifying" for the other.
 */
export function deriveEngineView(input: EngineInput): EngineView {
  const required = resolveRequiredChecks(input.config.requiredChecks, input.requiredChecks);
  const context = { ...input, required };
  const work = new Map(input.tasks.map((task) => [task.id, workOf(task, input, context)]));
  const outlines: TaskOutline[] = input.tasks.map((task) => ({
    id: task.id,
    title: task.title,
    status: task.status,
    deps: task.deps.map((id) => ({ id, source: "explicit", line: null })),
  }));
  const children = new Map(
    input.tasks.flatMap((task): [string, IssueRecord][] => (task.child ? [[task.id, task.child]] : [])),
  );
  const progress = Object.fromEntries(
    [...work].map(([id, taskWork]) => [id, progressOf(taskWork)] satisfies [string, TaskProgress]),
  );
  const states = deriveTaskStates({
    tasks: outlines,
    children,
    facts: Object.fromEntries(input.tasks.map((task) => [task.id, task.facts])),
    progress,
    planCancelled: input.mode === "cancelled",
    issues: input.issues,
  });
  const remaining = remainingPathLengths(
    outlines.map((outline) => ({
      ...outline,
      status: states[outline.id] === "done" || states[outline.id] === "skipped" ? "done" : outline.status,
    })),
  );
  return {
    required,
    byId: new Map(input.tasks.map((task) => [task.id, task])),
    work,
    states,
    ledger: computeBudgetLedger(input.tasks, input.config.budget),
    remaining,
  };
}

/**
 * The reconcile derives the view again after every batch of writes, and the fold keeps every task
 * it did not change as the same object: their work is reused while the rest of the input that work
 * depends on is the same objects too. A cache of a pure function: the results are the same without it.
 */
const WORK_CACHE = new WeakMap<EngineTask, { input: EngineInput; work: TaskWork }>();

function workOf(
  task: EngineTask,
  input: EngineInput,
  context: Parameters<typeof deriveTaskWork>[1],
): TaskWork {
  const cached = WORK_CACHE.get(task);
  if (cached && sameContext(cached.input, input)) return cached.work;
  const work = deriveTaskWork(task, context);
  WORK_CACHE.set(task, { input, work });
  return work;
}

function sameContext(a: EngineInput, b: EngineInput): boolean {
  return (
    a.now === b.now &&
    a.base === b.base &&
    a.config === b.config &&
    a.writers === b.writers &&
    a.requiredChecks === b.requiredChecks &&
    a.appId === b.appId &&
    a.rerunRefused === b.rerunRefused &&
    a.plan.number === b.plan.number
  );
}

/** The summary of a task's work the tracking comment and the state derivation read. */
function progressOf(work: TaskWork): TaskProgress {
  const phase = work.phase.kind;
  const pull = phase === "idle" && !work.pull?.merged ? null : work.pull;
  return {
    attempts: work.current,
    running: phase === "claimed" || phase === "dispatching" || phase === "running" || phase === "publishing",
    pr: pull,
    checks:
      phase === "failed" || phase === "stuck"
        ? "failure"
        : phase === "verified" || phase === "merged"
          ? "success"
          : pull
            ? "pending"
            : null,
  };
}
