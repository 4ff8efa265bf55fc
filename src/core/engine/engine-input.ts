import type { DocumentStatus } from "../graph/task-graph.ts";
import type { IssueRecord } from "../plan/plan-snapshot.ts";
import type { CheckRunFact, CommitStatusFact, RequiredChecksFact, TaskFacts } from "../plan/task-facts.ts";
import type { EngineConfig } from "./engine-config.ts";

/** A comment Foreman or the task workflow wrote on a child issue, with the marker read from it. */
export type RecordComment = {
  id: number;
  url: string;
  /** the last time the comment was written: a re-dispatch rewrites its dispatch record */
  updatedAt: string;
};

/** `foreman:dispatch`: the engine sent attempt `attempt`; `run` once GitHub named the workflow run. */
export type DispatchRecord = RecordComment & { kind: "dispatch"; attempt: number; run: number | null };

/** `foreman:attempt`: how the job of one attempt ended, with its figures (the Action writes it). */
export type AttemptRecord = RecordComment & {
  kind: "attempt";
  attempt: number;
  result: "success" | "failed" | "needs-human";
  run: number | null;
  pr: number | null;
  /** the commit the attempt pushed; null from an Action that did not say */
  head: string | null;
  turns: number;
  tokens: number;
  cost: number;
  ms: number | null;
};

/**
 * `foreman:feedback`: what the engine told the next attempt about attempt `attempt`, with the head it
 * judged and a signature of its failures, so the next failure can be compared (the no-progress guard).
 */
export type FeedbackRecord = RecordComment & {
  kind: "feedback";
  attempt: number;
  head: string | null;
  failures: string | null;
};

/** `foreman:escalation`: the comment calling a person in after attempt `attempt`. */
export type EscalationRecord = RecordComment & { kind: "escalation"; attempt: number };

export type TaskRecord = DispatchRecord | AttemptRecord | FeedbackRecord | EscalationRecord;

/** `refs/foreman/<plan>/attempts/<task>/<attempt>.<try>`: the atomic claim of one dispatch of one attempt. */
export type AttemptClaim = { attempt: number; try: number };

/** Details of a failing check run, read only for failures, for the next attempt's feedback. */
export type CheckDetails = {
  annotations: { path: string; line: number | null; message: string }[];
  /** the end of the job's log, already cut to a bounded size by the reader */
  logTail: string | null;
};

/** One task as the engine sees it: its place in the graph and everything GitHub shows of its work. */
export type EngineTask = {
  id: string;
  title: string;
  /** what it waits for, as the graph writes it: task ids, and `#99` for an existing issue */
  deps: string[];
  files: string[];
  priority: string | null;
  acceptance: string[];
  /** the plan text's own status (a task written as done is done without an attempt) */
  status: DocumentStatus;
  /** the task's child issue; none yet means nothing may start */
  child: IssueRecord | null;
  /** who closed the child issue, when it was closed by hand */
  closedBy: string | null;
  facts: TaskFacts;
  /** whether `foreman/<plan>/<task>` exists (it is deleted after the merge when configured) */
  branchExists: boolean;
  claims: AttemptClaim[];
  /** markers from trusted comments on the child issue, oldest first */
  records: TaskRecord[];
  /** check run id → details, for failing required checks */
  checkDetails: Readonly<Record<number, CheckDetails>>;
  /** attempts up to this one were before the last `/foreman retry`: they do not count any more */
  retryFrom: number;
};

/** A notice Foreman posts once on the plan (`foreman:notice topic=…`). */
export type NoticeTopic = "budget" | "workflow-missing" | "no-required-checks";

export type PlanNotice = { topic: NoticeTopic; commentId: number; body: string };

export type EngineInput = {
  plan: { number: number; author: string; url: string; state: "open" | "closed" };
  /** running: dispatch allowed; paused: finish what runs, start nothing; cancelled: stop everything */
  mode: "running" | "paused" | "cancelled";
  tasks: EngineTask[];
  /** the existing issues tasks wait for, by number; absent = not found (not ready, fail closed) */
  issues: ReadonlyMap<number, IssueRecord>;
  /** the base branch, its head and the checks on it (to tell a pre-existing failure from a new one) */
  base: { ref: string; sha: string; checkRuns: CheckRunFact[]; statuses: CommitStatusFact[] };
  requiredChecks: RequiredChecksFact;
  /** logins with write access among the reviewers (only their reviews count) */
  writers: readonly string[];
  /** false once GitHub answered 404 for the task workflow; null when not known */
  workflowExists: boolean | null;
  /** Foreman's notices and summary on the plan */
  notices: PlanNotice[];
  summary: { commentId: number; body: string } | null;
  /** the summary report's own branch and PR, `foreman/<plan>/report` */
  report: { facts: TaskFacts; branchExists: boolean };
  /** merge-queue heads (`merge_group.checks_requested`) that have no `foreman/verify` yet */
  mergeGroupHeads: string[];
  /** check runs GitHub refused to re-run: their failure counts without the re-run */
  rerunRefused: readonly number[];
  /** Foreman's GitHub App id: its own `foreman/verify` run is not one of the checks it waits for */
  appId: number | null;
  config: EngineConfig;
  /** epoch milliseconds */
  now: number;
};
