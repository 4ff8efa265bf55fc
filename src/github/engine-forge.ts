import type { TimedComment } from "../core/engine/engine-reads.ts";

export type DispatchResult =
  /** GitHub started the run (`return_run_details`), or accepted without naming it (204, older servers) */
  | { kind: "run"; runId: number | null; url: string | null }
  /** 404: the workflow file is not in the repository's default branch */
  | { kind: "missing" };

export type MergeResult =
  | { kind: "merged"; sha: string }
  /** accepted into the merge queue; it merges later */
  | { kind: "enqueued" }
  | { kind: "conflict" }
  /** GitHub refused for now (head moved, checks pending, not mergeable): read again */
  | { kind: "refused"; status: number };

export type CheckRunContent = {
  name: string;
  headSha: string;
  status: "in_progress" | "completed";
  conclusion: "success" | "failure" | "neutral" | "action_required" | null;
  title: string;
  summary: string;
  actions: { label: string; description: string; identifier: string }[];
};

/**
 * The GitHub calls of the engine (issue #10), beside the plan's `Forge` and built from the same client:
 * dispatching attempts, publishing `foreman/verify`, re-running, cancelling, updating and merging PRs,
 * and landing the summary report. Reads return facts; writes return what GitHub answered.
 */
export interface EngineForge {
  /** Foreman's comments on an issue with their last-update time (records are timed by it) */
  listRecordComments(issueNumber: number): Promise<TimedComment[]>;
  /** full names of the refs under `refs/<prefix>` */
  listRefs(prefix: string): Promise<string[]>;
  listPullFiles(pullNumber: number): Promise<string[]>;
  workflowExists(workflowFile: string): Promise<boolean>;
  dispatchWorkflow(
    workflowFile: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<DispatchResult>;
  /** creates the check run, or updates `checkRunId`; returns its id */
  publishCheckRun(checkRunId: number | null, content: CheckRunContent): Promise<number>;
  /**
   * runs a check again: its job when GitHub Actions ran it, else a re-request to the app that owns it;
   * "refused" when GitHub will not (another app's check, a job too old to re-run, a check gone)
   */
  rerunCheck(checkRunId: number, url: string): Promise<"requested" | "refused">;
  cancelRun(runId: number): Promise<void>;
  /** merges the base into the PR's head; false when GitHub cannot (a conflict) */
  updateBranch(pullNumber: number, headSha: string): Promise<"updated" | "conflict" | "refused">;
  mergePull(pullNumber: number, sha: string, method: "squash" | "merge" | "rebase"): Promise<MergeResult>;
  /** creates `branch` at `baseSha` when missing and commits one file on it */
  commitFile(file: {
    branch: string;
    baseSha: string;
    path: string;
    content: string;
    message: string;
  }): Promise<void>;
  openPull(pull: { branch: string; base: string; title: string; body: string }): Promise<{
    number: number;
    url: string;
    headSha: string;
  }>;
}
