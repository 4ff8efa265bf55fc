import type { CheckRunFact, CommitStatusFact, TaskFacts } from "../plan/task-facts.ts";
import type { CheckDetails } from "./engine-input.ts";

/** The summary report's id where writes name a task: no task id can be written with parentheses. */
export const REPORT_TASK = "(report)";

/** A comment on a child issue as the engine reads it: its marker is in `body`. */
export type TimedComment = { id: number; url: string; updatedAt: string; body: string };

/**
 * What the engine reads of GitHub beyond the plan's snapshot (which already holds the child issues,
 * each task branch's facts and the required checks): the records on the child issues, the claims, the
 * branches, the base branch's head, who may review, and the summary report's branch.
 */
export type EngineReads = {
  /** Foreman's comments on the child issues of started tasks, by issue number */
  childComments: Record<number, TimedComment[]>;
  /** full names of the attempt claims, the refs under `refs/foreman/<plan>/attempts/` */
  claims: string[];
  /** names of the branches under `foreman/<plan>/` that exist */
  branches: string[];
  base: { ref: string; sha: string; checkRuns: CheckRunFact[]; statuses: CommitStatusFact[] };
  /** reviewers with write access */
  writers: string[];
  /** false once GitHub said the task workflow does not exist; null when not asked */
  workflowExists: boolean | null;
  /** check run id → annotations and log tail of failing required checks */
  checkDetails: Record<number, CheckDetails>;
  mergeGroupHeads: string[];
  /** check runs GitHub refused to re-run during this reconcile: they count as they ended */
  rerunRefused: number[];
  appId: number | null;
  /** the summary report's branch `foreman-report/<plan>` and its PR */
  report: { facts: TaskFacts; branchExists: boolean };
};
