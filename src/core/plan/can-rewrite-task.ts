import type { TaskState } from "../graph/task-state.ts";

const NOT_STARTED: ReadonlySet<TaskState> = new Set(["pending", "ready", "blocked"]);

/**
 * Whether a replan may change or close a task's child issue: only while no attempt has touched it.
 * Running, verifying, done, failed and escalated tasks keep their issue; the replan reports them.
 */
export function canRewriteTask(state: TaskState | undefined): boolean {
  return state === undefined || NOT_STARTED.has(state);
}
