/**
 * What GitHub shows about a task's work, as plain facts (no verdicts): the snapshot loader fills these
 * from the API, and the pure engine (verification, retries, landing) decides from them. Statuses and
 * conclusions are GitHub's own vocabularies, so a value GitHub adds later fails at the zod boundary
 * instead of being read as "green".
 */

/** `status` of a check run or workflow run. */
export type RunStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";

/** `conclusion` of a completed check run or workflow run. */
export type RunConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required"
  | "stale"
  | "startup_failure";

/** `state` of a commit status (the older status API some CIs still report through). */
export type CommitStatusState = "error" | "failure" | "pending" | "success";

export type CheckRunFact = {
  id: number;
  name: string;
  /** the GitHub App that reported it; required checks may be pinned to one */
  appId: number | null;
  headSha: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  url: string;
  startedAt: string | null;
  completedAt: string | null;
  /** the check run's output title and summary, for feedback to the next attempt */
  title: string | null;
  summary: string | null;
};

export type CommitStatusFact = {
  context: string;
  state: CommitStatusState;
  url: string | null;
  description: string | null;
  /** GitHub keeps every status; only the latest per context counts */
  updatedAt: string;
};

export type PullFact = {
  number: number;
  url: string;
  /** head branch, `foreman/<plan>/<task>` for a task */
  branch: string;
  baseRef: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  /** the merge commit GitHub made (or the squash/rebase result) once merged */
  mergeSha: string | null;
  headSha: string;
  baseSha: string;
  /** GitHub's `mergeable_state` when it has computed it (`clean`, `dirty`, `behind`, `blocked`, …) */
  mergeableState: string | null;
  /** the paths the PR changes; null when not read (only read for open PRs that may be verified) */
  changedFiles: string[] | null;
  createdAt: string;
};

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export type ReviewFact = {
  id: number;
  author: string;
  state: ReviewState;
  /** the head commit the review was given on */
  commitId: string | null;
  submittedAt: string | null;
  body: string;
};

export type WorkflowRunFact = {
  id: number;
  branch: string;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  /** GitHub's re-run counter of this run (`run_attempt`), not Foreman's attempt number */
  runAttempt: number;
  /** the run's title: the task workflow's `run-name` carries plan, task and attempt */
  displayTitle: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
};

export type RequiredCheck = {
  /** the check run name or commit status context */
  context: string;
  /** when set, only a check reported by this GitHub App counts */
  integrationId: number | null;
};

export type RequiredChecksFact = {
  checks: RequiredCheck[];
  /** the branch must be up to date with the base before merging */
  strict: boolean;
  /** where the list came from: the branch's rules, classic protection, both, or Foreman's config */
  source: "rulesets" | "protection" | "rulesets+protection" | "config" | "none";
  /** the branch's rules require a merge queue, whose merge group heads need `foreman/verify` too */
  mergeQueue?: boolean;
};

/** Everything GitHub shows on one task's branch `foreman/<plan>/<task>`. */
export type TaskFacts = {
  branch: string;
  /** every PR whose head is the task branch, newest first */
  pulls: PullFact[];
  /** check runs on the newest PR's head commit (every page) */
  checkRuns: CheckRunFact[];
  /** commit statuses on the newest PR's head commit */
  statuses: CommitStatusFact[];
  /** reviews of the newest PR */
  reviews: ReviewFact[];
  /** runs of the task workflow on the task branch, oldest first */
  runs: WorkflowRunFact[];
};
