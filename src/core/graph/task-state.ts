/**
 * Where a task stands in Foreman's loop (DESIGN.md "Words"). Derived from GitHub on every reconcile;
 * never stored anywhere else.
 */
export const TASK_STATES = [
  "pending",
  "ready",
  "running",
  "verifying",
  "done",
  "failed",
  "needs-human",
  "skipped",
  "cancelled",
  "blocked",
] as const;
export type TaskState = (typeof TASK_STATES)[number];
