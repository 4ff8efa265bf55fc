import type { PlanWrite } from "../plan/plan-write.ts";
import type { RunConclusion } from "../plan/task-facts.ts";

/** A `requested_action` button on a check run (GitHub allows three; ids ≤ 20, labels ≤ 20 characters). */
export type CheckAction = { label: string; description: string; identifier: "retry" | "skip" };

/**
 * One write the engine wants, as data (DESIGN.md "Idempotent by construction"): every one is asked for
 * only while GitHub does not show its effect yet, so the shell executes it plainly and folds the result.
 * Those marked *exclusive* are claims: GitHub's 422 means another replica won, and the shell reads again.
 */
export type EngineWrite =
  /** exclusive: create `ref` at `sha`; 422 when it exists */
  | { kind: "claim-attempt"; taskId: string; attempt: number; try: number; ref: string; sha: string }
  /** `workflow_dispatch` with `return_run_details`; 404 = the workflow is not installed */
  | {
      kind: "dispatch-workflow";
      taskId: string;
      attempt: number;
      workflow: string;
      ref: string;
      inputs: { plan: string; task: string; attempt: string };
    }
  /** plan-level comments (notices, the summary) and the child issue's state and labels: as the plan writes them */
  | Extract<PlanWrite, { kind: "create-comment" | "update-comment" | "update-issue" | "add-labels" }>
  /** a record on a task's child issue (dispatch, feedback, escalation): how GitHub holds the engine's memory */
  | { kind: "post-record"; number: number; taskId: string; body: string }
  | { kind: "update-record"; commentId: number; taskId: string; body: string }
  /** create or update Foreman's `foreman/verify` check run on a head */
  | {
      kind: "publish-check";
      taskId: string | null;
      headSha: string;
      checkRunId: number | null;
      name: string;
      status: "in_progress" | "completed";
      conclusion: Extract<RunConclusion, "success" | "failure" | "neutral" | "action_required"> | null;
      title: string;
      summary: string;
      actions: CheckAction[];
    }
  /** run a failed required check again (a flaky check gets `rerunFailedChecks` more chances) */
  | { kind: "rerun-check"; taskId: string; checkRunId: number; url: string }
  | { kind: "cancel-run"; taskId: string; runId: number }
  /** merge the base into the head (`PUT …/update-branch` with the expected head) */
  | { kind: "update-branch"; taskId: string; pull: number; headSha: string }
  /** `merge-async` (or the merge queue): merges exactly `sha`, so a head that moved is refused */
  | { kind: "merge-pull"; taskId: string; pull: number; sha: string; method: "squash" | "merge" | "rebase" }
  | { kind: "delete-branch"; taskId: string; branch: string }
  /** put one file on a branch made from `baseSha` (created when missing): the summary report */
  | { kind: "commit-file"; branch: string; baseSha: string; path: string; content: string; message: string }
  | { kind: "open-pull"; branch: string; base: string; title: string; body: string };

export type EngineWriteKind = EngineWrite["kind"];

/** What a write returned, for the fold. */
export type EngineWriteOutcome =
  | { kind: "done" }
  /** an exclusive write lost to another replica, or GitHub refused a precondition (head moved, …) */
  | { kind: "refused"; status: number }
  | { kind: "run"; runId: number | null; url: string | null }
  | { kind: "workflow-missing" }
  /** a record comment as GitHub stored it */
  | { kind: "record"; id: number; url: string; updatedAt: string }
  | { kind: "check"; id: number }
  | { kind: "merged"; sha: string }
  | { kind: "enqueued" }
  | { kind: "conflict" }
  /** GitHub would not run the check again: its failure stands */
  | { kind: "rerun-refused" }
  | { kind: "pull"; number: number; url: string; headSha: string };
