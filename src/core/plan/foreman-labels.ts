import type { TaskState } from "../graph/task-state.ts";

/** Marks a child issue as Foreman's; also what the snapshot loader lists (labels need triage access). */
export const TASK_LABEL = "foreman:task";
/** Marks a phase issue of Foreman's: a sub-issue of the plan holding one phase's task issues. */
export const PHASE_LABEL = "foreman:phase";
/** On the plan: the last start attempt found problems; the invalid comment lists them. */
export const INVALID_LABEL = "foreman:invalid";
/** On the plan: a writer paused dispatch (`/foreman pause`). */
export const PAUSED_LABEL = "foreman:paused";
/** On the plan: a writer cancelled it (`/foreman cancel`); unfinished tasks are closed. */
export const CANCELLED_LABEL = "foreman:cancelled";

export type StateLabel = `foreman:${TaskState}`;

type LabelStyle = { color: string; description: string };

/** Colours follow the tracking comment's legend so the issue list reads like the graph. */
export const LABEL_STYLES: Record<string, LabelStyle> = {
  [TASK_LABEL]: { color: "5319e7", description: "A task of a Foreman plan" },
  [PHASE_LABEL]: { color: "5319e7", description: "A phase of a Foreman plan: its tasks are sub-issues" },
  [INVALID_LABEL]: { color: "d73a4a", description: "Foreman found problems in this plan" },
  [PAUSED_LABEL]: { color: "fbca04", description: "Foreman: dispatch paused by a writer" },
  "foreman:pending": { color: "d4d4d4", description: "Foreman: waiting on dependencies" },
  "foreman:ready": { color: "0e8a16", description: "Foreman: ready to start" },
  "foreman:running": { color: "1d76db", description: "Foreman: an attempt is running" },
  "foreman:verifying": { color: "0052cc", description: "Foreman: PR open, checks running" },
  "foreman:done": { color: "2ea043", description: "Foreman: verified and landed" },
  "foreman:failed": { color: "e99695", description: "Foreman: last attempt failed, will retry" },
  "foreman:needs-human": { color: "b60205", description: "Foreman: a person has to look at this" },
  "foreman:skipped": { color: "bfbfbf", description: "Foreman: skipped" },
  "foreman:cancelled": { color: "6a737d", description: "Foreman: cancelled" },
  "foreman:blocked": { color: "c5def5", description: "Foreman: a dependency needs a human" },
};
