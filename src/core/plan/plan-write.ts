import type { CommentRecord, IssueRecord } from "./plan-snapshot.ts";

/** Fields of an issue to change; absent fields stay as they are. */
export type IssuePatch = {
  title?: string;
  body?: string;
  /** the complete label set (labels Foreman does not own are carried over by the reconcile) */
  labels?: string[];
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "duplicate" | "reopened";
};

/**
 * One write the reconcile wants. Each is computed from the snapshot, so executing the same list
 * twice is harmless only because the next reconcile sees the first run's result and asks for less.
 */
export type PlanWrite =
  | { kind: "create-label"; name: string; color: string; description: string }
  | { kind: "create-issue"; taskId: string; title: string; body: string; labels: string[] }
  /** a phase issue, `phase` its key (`phase-3`): claimed like a task's issue, so replicas make one */
  | { kind: "create-phase-issue"; phase: string; title: string; body: string; labels: string[] }
  | {
      kind: "update-issue";
      number: number;
      reason: string;
      patch: IssuePatch;
      /** set where a reply reports it: a task's text rewritten, or its issue closed as it left the plan */
      purpose?: "task-text" | "task-removed";
    }
  | { kind: "add-labels"; number: number; labels: string[] }
  | { kind: "remove-label"; number: number; label: string }
  /** `replaceParent`: the child has another parent now (a replan moved its task to another phase) */
  | { kind: "add-sub-issue"; number: number; childNumber: number; childId: number; replaceParent: boolean }
  /** a duplicate child a race created, or a phase issue no longer used: no longer a sub-issue */
  | { kind: "remove-sub-issue"; number: number; childNumber: number; childId: number }
  | { kind: "add-blocked-by"; number: number; blockerNumber: number; blockerId: number }
  | { kind: "remove-blocked-by"; number: number; blockerNumber: number; blockerId: number }
  | { kind: "create-comment"; number: number; body: string }
  | { kind: "update-comment"; commentId: number; body: string }
  /** a second copy of one of Foreman's own comments, left by a race between replicas */
  | { kind: "delete-comment"; commentId: number };

/** What a write returned, folded back into the snapshot so the next reconcile round needs no reads. */
export type WriteOutcome =
  | { kind: "issue"; issue: IssueRecord }
  | { kind: "comment"; comment: CommentRecord }
  | { kind: "done" };
