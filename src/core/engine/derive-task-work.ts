import type {
  PullFact,
  RequiredCheck,
  ReviewFact,
  RunConclusion,
  WorkflowRunFact,
} from "../plan/task-facts.ts";
import type { EngineConfig } from "./engine-config.ts";
import type {
  AttemptRecord,
  DispatchRecord,
  EngineInput,
  EngineTask,
  FeedbackRecord,
} from "./engine-input.ts";
import { latestWriterReviews } from "./latest-writer-reviews.ts";
import { parseTimestamp } from "./parse-timestamp.ts";
import { readRunName } from "./read-run-name.ts";
import { type CheckEvidence, type VerifyVerdict, verifyTask } from "./verify-task.ts";

/** Dispatches of one attempt without a workflow run before it is failed as "never started". */
export const MAX_DISPATCH_TRIES = 3;

/** Why an attempt failed: the next attempt gets this as feedback. */
export type FailureCause =
  | { kind: "job"; conclusion: RunConclusion | null; url: string }
  | { kind: "timed-out"; url: string; minutes: number }
  | { kind: "never-started"; tries: number }
  | { kind: "agent-failed" }
  | { kind: "no-pull" }
  | { kind: "checks"; failures: CheckEvidence[] }
  | { kind: "changes-requested"; reviews: ReviewFact[] }
  | { kind: "conflict"; base: string };

/** Why a person has to look, whatever attempts remain. */
export type StuckCause =
  | { kind: "agent-blocked" }
  | { kind: "protected-path"; paths: string[] }
  | { kind: "pull-closed"; pull: PullFact }
  | { kind: "missing-checks"; contexts: string[] };

export type WorkPhase =
  | { kind: "idle" }
  /** claimed, but no dispatch record yet (a replica stopped between its writes) */
  | { kind: "claimed"; attempt: number; tries: number }
  | { kind: "dispatching"; attempt: number; tries: number; record: DispatchRecord; overdue: boolean }
  | { kind: "running"; attempt: number; run: WorkflowRunFact; overdue: boolean }
  /**
   * the job ended with a PR, but GitHub does not show it yet (no PR listed, or the PR still at the
   * commit the previous attempt was judged on): its checks are not this attempt's to judge
   */
  | { kind: "publishing"; attempt: number; awaiting: "pull" | "head" }
  | { kind: "verifying"; attempt: number; pull: PullFact; verdict: VerifyVerdict }
  | { kind: "verified"; attempt: number; pull: PullFact; verdict: VerifyVerdict }
  | { kind: "failed"; attempt: number; cause: FailureCause; pull: PullFact | null }
  | { kind: "stuck"; attempt: number; cause: StuckCause }
  | { kind: "merged"; attempt: number; pull: PullFact };

/** One attempt as the reports show it. */
export type AttemptSummary = {
  n: number;
  run: WorkflowRunFact | null;
  dispatchedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  conclusion: RunConclusion | null;
  result: AttemptRecord | null;
  feedback: FeedbackRecord | null;
};

export type TaskWork = {
  taskId: string;
  /** the highest attempt number claimed, dispatched or reported; 0 before the first */
  current: number;
  phase: WorkPhase;
  attempts: AttemptSummary[];
  /** the dispatch record of the current attempt, once written */
  dispatch: DispatchRecord | null;
  /** the PR that counts: the open one, else the newest */
  pull: PullFact | null;
  /** the verification verdict on the open PR's head */
  verdict: VerifyVerdict | null;
};

export type WorkContext = Pick<
  EngineInput,
  "plan" | "base" | "writers" | "appId" | "now" | "rerunRefused"
> & {
  config: Pick<
    EngineConfig,
    "protectedPaths" | "rerunFailedChecks" | "attemptTimeoutMinutes" | "dispatchTimeoutMinutes"
  >;
  required: readonly RequiredCheck[];
};

const MINUTE = 60_000;

/**
 * Where a task's work stands, from what GitHub shows (DESIGN.md "The loop", steps 3–7): the claims and
 * records on its child issue, the workflow runs of its attempts, its PR, the PR's reviews and the
 * verification verdict. Only the current attempt decides; earlier ones are history for the reports.
 * Times GitHub gives are compared with `now`; a time that cannot be read never counts as overdue.
 */
export function deriveTaskWork(task: EngineTask, context: WorkContext): TaskWork {
  const pull =
    task.facts.pulls.find((candidate) => candidate.state === "open") ?? task.facts.pulls[0] ?? null;
  const merged = task.facts.pulls.find((candidate) => candidate.merged) ?? null;
  const index = indexAttempts(task, context.plan.number);
  const current = index.current;
  const attempts = Array.from({ length: current }, (_, position) => summarise(index, position + 1));
  const dispatch = dispatchRecord(index, current);
  const verdict =
    pull?.state === "open"
      ? verifyTask({
          pull,
          checkRuns: task.facts.checkRuns,
          statuses: task.facts.statuses,
          required: context.required,
          base: context.base,
          protectedPaths: context.config.protectedPaths,
          rerunFailedChecks: context.config.rerunFailedChecks,
          rerunRefused: context.rerunRefused,
          appId: context.appId,
        })
      : null;
  const base = { taskId: task.id, current, attempts, dispatch, pull, verdict };
  if (merged) return { ...base, pull: merged, phase: { kind: "merged", attempt: current, pull: merged } };
  const summary = attempts.at(-1) ?? null;
  const previousFeedback = index.feedback.get(current - 1) ?? null;
  return {
    ...base,
    phase: phaseOf(task, context, { attempt: current, summary, previousFeedback, dispatch, pull, verdict }),
  };
}

type PhaseFacts = {
  attempt: number;
  summary: AttemptSummary | null;
  /** what the engine judged of the attempt before this one */
  previousFeedback: FeedbackRecord | null;
  dispatch: DispatchRecord | null;
  pull: PullFact | null;
  verdict: VerifyVerdict | null;
};

function phaseOf(task: EngineTask, context: WorkContext, facts: PhaseFacts): WorkPhase {
  const { attempt, summary, dispatch, pull } = facts;
  if (attempt === 0 || summary === null) return { kind: "idle" };
  const tries = Math.max(1, task.claims.filter((claim) => claim.attempt === attempt).length);
  const { run, result } = summary;
  const overdue = (since: string | null, minutes: number) => {
    const start = parseTimestamp(since);
    return start !== null && context.now - start > minutes * MINUTE;
  };
  if (run === null && result === null) {
    if (dispatch === null) return { kind: "claimed", attempt, tries };
    const late = overdue(dispatch.updatedAt, context.config.dispatchTimeoutMinutes);
    if (late && tries >= MAX_DISPATCH_TRIES) {
      return { kind: "failed", attempt, cause: { kind: "never-started", tries }, pull };
    }
    return { kind: "dispatching", attempt, tries, record: dispatch, overdue: late };
  }
  if (result?.result === "needs-human") return { kind: "stuck", attempt, cause: { kind: "agent-blocked" } };
  if (run && run.status !== "completed" && result === null) {
    return {
      kind: "running",
      attempt,
      run,
      overdue: overdue(run.startedAt ?? run.createdAt, context.config.attemptTimeoutMinutes),
    };
  }
  if (run?.status === "completed" && run.conclusion !== "success") {
    const start = parseTimestamp(run.startedAt ?? run.createdAt);
    const end = parseTimestamp(run.updatedAt);
    const minutes = context.config.attemptTimeoutMinutes;
    const cause: FailureCause =
      run.conclusion === "cancelled" && start !== null && end !== null && end - start > minutes * MINUTE
        ? { kind: "timed-out", url: run.url, minutes }
        : { kind: "job", conclusion: run.conclusion, url: run.url };
    return { kind: "failed", attempt, cause, pull };
  }
  if (result?.result === "failed") return { kind: "failed", attempt, cause: { kind: "agent-failed" }, pull };
  // GitHub shows a push on its PR a little later; waiting for it is bounded by the dispatch timeout.
  const publishedLately =
    result !== null && !overdue(result.updatedAt, context.config.dispatchTimeoutMinutes);
  if (pull === null) {
    return publishedLately && result?.pr !== null
      ? { kind: "publishing", attempt, awaiting: "pull" }
      : { kind: "failed", attempt, cause: { kind: "no-pull" }, pull };
  }
  const judgedBefore = summary.n > 1 ? (facts.previousFeedback?.head ?? null) : null;
  if (
    publishedLately &&
    result?.head != null &&
    result.head !== pull.headSha &&
    judgedBefore !== null &&
    pull.headSha === judgedBefore
  ) {
    return { kind: "publishing", attempt, awaiting: "head" };
  }
  if (pull.state === "closed" || facts.verdict === null) {
    return { kind: "stuck", attempt, cause: { kind: "pull-closed", pull } };
  }
  return reviewPhase(task, context, attempt, run, pull, facts.verdict);
}

/** The job finished and its PR is open: the PR's reviews, mergeability and checks decide. */
function reviewPhase(
  task: EngineTask,
  context: WorkContext,
  attempt: number,
  run: WorkflowRunFact | null,
  pull: PullFact,
  verdict: VerifyVerdict,
): WorkPhase {
  const finished = run?.status === "completed" ? run.updatedAt : null;
  const changes = latestWriterReviews(task.facts.reviews, context.writers).filter(
    (review) =>
      review.state === "CHANGES_REQUESTED" &&
      (finished === null || (parseTimestamp(review.submittedAt) ?? 0) > (parseTimestamp(finished) ?? 0)),
  );
  if (changes.length > 0) {
    return { kind: "failed", attempt, cause: { kind: "changes-requested", reviews: changes }, pull };
  }
  if (pull.mergeableState === "dirty") {
    return { kind: "failed", attempt, cause: { kind: "conflict", base: pull.baseRef }, pull };
  }
  switch (verdict.kind) {
    case "verified":
      return { kind: "verified", attempt, pull, verdict };
    case "failed":
      return verdict.failures.every((failure) => failure.preExisting)
        ? { kind: "verifying", attempt, pull, verdict }
        : { kind: "failed", attempt, cause: { kind: "checks", failures: verdict.failures }, pull };
    case "never":
      return verdict.reason.kind === "protected-path"
        ? { kind: "stuck", attempt, cause: { kind: "protected-path", paths: verdict.reason.paths } }
        : { kind: "verifying", attempt, pull, verdict };
    case "pending": {
      // A required check that never reports would hold the task forever: after the attempt timeout
      // past the job's end, a person is asked to look at the repository's checks.
      const missing = verdict.checks
        .filter((check) => check.state === "missing")
        .map((check) => check.context);
      const start = parseTimestamp(finished);
      const waitedTooLong =
        start !== null && context.now - start > context.config.attemptTimeoutMinutes * MINUTE;
      return missing.length > 0 && waitedTooLong
        ? { kind: "stuck", attempt, cause: { kind: "missing-checks", contexts: missing } }
        : { kind: "verifying", attempt, pull, verdict };
    }
  }
}

/** A task's records and runs by attempt number, read once per derivation. */
type AttemptIndex = {
  current: number;
  dispatches: Map<number, DispatchRecord[]>;
  results: Map<number, AttemptRecord>;
  feedback: Map<number, FeedbackRecord>;
  /** the newest run whose title names the attempt */
  named: Map<number, WorkflowRunFact>;
  byId: Map<number, WorkflowRunFact>;
};

function indexAttempts(task: EngineTask, plan: number): AttemptIndex {
  const index: AttemptIndex = {
    current: 0,
    dispatches: new Map(),
    results: new Map(),
    feedback: new Map(),
    named: new Map(),
    byId: new Map(),
  };
  const seen = (attempt: number) => {
    index.current = Math.max(index.current, attempt);
  };
  for (const claim of task.claims) seen(claim.attempt);
  for (const record of task.records) {
    if (record.kind === "dispatch") {
      seen(record.attempt);
      index.dispatches.set(record.attempt, [...(index.dispatches.get(record.attempt) ?? []), record]);
    } else if (record.kind === "attempt") {
      seen(record.attempt);
      index.results.set(record.attempt, record);
    } else if (record.kind === "feedback") index.feedback.set(record.attempt, record);
  }
  for (const run of task.facts.runs) {
    index.byId.set(run.id, run);
    const name = readRunName(run.displayTitle);
    if (name === null || name.plan !== plan || name.task !== task.id) continue;
    seen(name.attempt);
    index.named.set(name.attempt, run);
  }
  return index;
}

/** An attempt's dispatch records merged: a later one (a re-dispatch, a replica's recovery) adds the run. */
function dispatchRecord(index: AttemptIndex, attempt: number): DispatchRecord | null {
  const records = index.dispatches.get(attempt) ?? [];
  if (records.length === 0) return null;
  const newest = records.reduce((a, b) =>
    (parseTimestamp(b.updatedAt) ?? 0) >= (parseTimestamp(a.updatedAt) ?? 0) ? b : a,
  );
  const run = [...records].reverse().find((record) => record.run !== null)?.run ?? null;
  return { ...newest, run };
}

function summarise(index: AttemptIndex, n: number): AttemptSummary {
  const dispatch = dispatchRecord(index, n);
  const result = index.results.get(n) ?? null;
  const byId = [result?.run, dispatch?.run].flatMap((id) =>
    typeof id === "number" ? [index.byId.get(id)] : [],
  );
  const run = byId.find((candidate) => candidate !== undefined) ?? index.named.get(n) ?? null;
  return {
    n,
    run,
    dispatchedAt: dispatch?.updatedAt ?? null,
    startedAt: run?.startedAt ?? null,
    finishedAt: run?.status === "completed" ? run.updatedAt : null,
    conclusion: run?.status === "completed" ? run.conclusion : null,
    result,
    feedback: index.feedback.get(n) ?? null,
  };
}
