import { TASK_STATES, type TaskState } from "../graph/task-state.ts";
import { TASK_LABEL } from "./foreman-labels.ts";

const STATE_LABELS: ReadonlySet<string> = new Set(TASK_STATES.map((state) => `foreman:${state}`));

/** The labels with exactly one state label; labels people added are kept. */
export function withStateLabel(labels: readonly string[], state: TaskState): string[] {
  const kept = labels.filter((label) => !STATE_LABELS.has(label));
  return [...new Set([...kept, TASK_LABEL, `foreman:${state}`])];
}
