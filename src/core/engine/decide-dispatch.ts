import type { TaskWork } from "./derive-task-work.ts";
import type { EngineTask, FeedbackRecord } from "./engine-input.ts";
import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { formatClaimRef } from "./format-claim-ref.ts";
import { judgeRetry } from "./judge-retry.ts";
import { pathsOverlap } from "./paths-overlap.ts";
import { rankPriority } from "./rank-priority.ts";
import { renderDispatchComment } from "./render-dispatch-comment.ts";
import { renderNoticeComment } from "./render-notice-comment.ts";

/** Phases in which an attempt's job is queued or running: they count against `concurrency`. */
const ACTIVE = new Set(["claimed", "dispatching", "running", "publishing"]);
/** Phases in which a task holds its `Files` lock: from dispatch until its PR merges or it fails. */
const LOCKING = new Set(["claimed", "dispatching", "running", "publishing", "verifying", "verified"]);

/**
 * Dispatch (DESIGN.md "The loop", step 3; issue #10, item 3). Starts attempts for ready tasks — every
 * dependency done, every existing issue waited for closed, its child issue open — and for failed tasks
 * whose feedback is posted and that may retry; at most `concurrency` jobs at once, never two tasks with
 * overlapping `Files` holding their locks together, the longest remaining chain first, then priority,
 * then id. Each start is a claim (an exclusive ref) followed by the `workflow_dispatch`; the child
 * issue's dispatch record follows once GitHub named the run. A dispatch that started no run within
 * `dispatchTimeoutMinutes` is claimed and sent again under the same attempt number. Nothing starts while
 * the plan is paused, the plan budget is spent, or the workflow is missing (said once on the plan).
 */
export function decideDispatch(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  const writes: EngineWrite[] = [];
  for (const task of input.tasks) {
    const work = view.work.get(task.id);
    if (task.child && work) writes.push(...recordWrites(round, task, task.child.number, work));
  }
  if (input.mode !== "running") return writes;
  if (input.workflowExists === false) {
    const noticed = input.notices.some((notice) => notice.topic === "workflow-missing");
    return noticed
      ? writes
      : [
          ...writes,
          {
            kind: "create-comment",
            number: input.plan.number,
            body: renderNoticeComment(input.plan.number, {
              topic: "workflow-missing",
              workflow: input.config.workflow,
            }),
          },
        ];
  }

  const works = [...view.work.values()];
  for (const work of works) {
    const task = view.byId.get(work.taskId);
    if (task && work.phase.kind === "dispatching" && work.phase.overdue) {
      writes.push(...startWrites(round, task, work.phase.attempt, work.phase.tries + 1));
    }
  }

  const budget = input.config.budget;
  let active = works.filter((work) => ACTIVE.has(work.phase.kind)).length;
  const locks = input.tasks.filter((task) => LOCKING.has(view.work.get(task.id)?.phase.kind ?? "idle"));
  const held = locks.flatMap((task) => task.files);
  const candidates = input.tasks.filter((task) => mayStart(round, task)).sort(byUrgency(round));
  for (const task of candidates) {
    if (active >= input.config.concurrency) break;
    // Each running attempt may still spend up to the task cap: reserving it keeps the plan's spend
    // within its budget plus at most one attempt's cap, in dollars and in tokens.
    const { plan } = view.ledger;
    if (
      view.ledger.planSpent ||
      reachesCap(plan.cost, active, budget.perTaskUsd, budget.perPlanUsd) ||
      reachesCap(plan.tokens, active, budget.perTaskTokens, budget.perPlanTokens)
    ) {
      break;
    }
    if (task.files.some((file) => held.some((other) => pathsOverlap(file, other)))) continue;
    const work = view.work.get(task.id);
    writes.push(...startWrites(round, task, (work?.current ?? 0) + 1, 1));
    held.push(...task.files);
    active++;
  }
  return writes;
}

/** Whether what is spent, plus a task cap for each running attempt, reaches the plan's cap. */
function reachesCap(spent: number, active: number, taskCap: number | null, planCap: number | null): boolean {
  return planCap !== null && spent + active * (taskCap ?? 0) >= planCap;
}

/** The child issue's dispatch record: written for a claimed attempt, updated once its run is known. */
function recordWrites(round: EngineRound, task: EngineTask, child: number, work: TaskWork): EngineWrite[] {
  const { input } = round;
  const summary = work.attempts.at(-1);
  if (!summary || work.phase.kind === "merged") return [];
  const run = summary.run ? { id: summary.run.id, url: summary.run.url } : null;
  const tries = Math.max(1, task.claims.filter((claim) => claim.attempt === work.current).length);
  const body = renderDispatchComment({
    plan: input.plan.number,
    task: task.id,
    attempt: work.current,
    maxAttempts: input.config.maxAttempts,
    workflow: input.config.workflow,
    run,
    tries,
  });
  if (work.dispatch === null) {
    return work.phase.kind === "claimed" || run !== null
      ? [{ kind: "post-record", number: child, body, taskId: task.id }]
      : [];
  }
  return run !== null && work.dispatch.run !== run.id
    ? [{ kind: "update-record", commentId: work.dispatch.id, body, taskId: task.id }]
    : [];
}

/** Claim attempt `attempt` (its `tries`-th dispatch), then dispatch it; a re-dispatch restarts its record's clock. */
function startWrites(round: EngineRound, task: EngineTask, attempt: number, tries: number): EngineWrite[] {
  const { input } = round;
  const plan = input.plan.number;
  const writes: EngineWrite[] = [
    {
      kind: "claim-attempt",
      taskId: task.id,
      attempt,
      try: tries,
      ref: formatClaimRef(plan, task.id, attempt, tries),
      sha: input.base.sha,
    },
    {
      kind: "dispatch-workflow",
      taskId: task.id,
      attempt,
      workflow: input.config.workflow,
      ref: input.base.ref,
      inputs: { plan: String(plan), task: task.id, attempt: String(attempt) },
    },
  ];
  const record = round.view.work.get(task.id)?.dispatch;
  if (tries > 1 && record && record.attempt === attempt) {
    const body = renderDispatchComment({
      plan,
      task: task.id,
      attempt,
      maxAttempts: input.config.maxAttempts,
      workflow: input.config.workflow,
      run: null,
      tries,
    });
    writes.push({ kind: "update-record", commentId: record.id, body, taskId: task.id });
  }
  return writes;
}

/**
 * Ready (dependencies done, existing issues closed, child issue open), or failed with its feedback
 * posted and a retry allowed (a stuck task only after `/foreman retry`).
 */
function mayStart(round: EngineRound, task: EngineTask): boolean {
  const { view } = round;
  const work = view.work.get(task.id);
  const state = view.states[task.id];
  if (!work || !task.child || task.child.state !== "open") return false;
  if (state === "ready") return work.phase.kind === "idle";
  if (state !== "failed") return false;
  // The next attempt reads the feedback from the child issue: it must be there before the dispatch.
  const posted =
    work.phase.kind === "stuck" ||
    task.records.some(
      (record): record is FeedbackRecord => record.kind === "feedback" && record.attempt === work.current,
    );
  const retrying = work.phase.kind === "failed" || work.phase.kind === "stuck";
  return retrying && posted && judgeRetry(task, work, view.ledger, round.input.config).retry;
}

const IDS = new Intl.Collator("en", { numeric: true });

/** Longest remaining chain first, then priority, then id (numbers in ids compared as numbers). */
function byUrgency(round: EngineRound): (a: EngineTask, b: EngineTask) => number {
  const chain = (task: EngineTask) => round.view.remaining.get(task.id) ?? 0;
  return (a, b) =>
    chain(b) - chain(a) || rankPriority(a.priority) - rankPriority(b.priority) || IDS.compare(a.id, b.id);
}
