import type { ContextSection } from "../context/task-context-input.ts";
import type { AttemptOutcome, SessionRecord } from "./attempt-types.ts";
import type { AttemptRecord } from "./read-attempt-history.ts";

/** Everything the PR body, the report, the child-issue comment and the job summary show of an attempt. */
export type AttemptView = {
  planNumber: number;
  taskId: string;
  taskTitle: string;
  childIssue: number | null;
  attempt: number;
  maxTurns: number;
  budgetUsd: number | null;
  /** the attempt's cap on input + output tokens; null: none */
  maxTokens: number | null;
  outcome: AttemptOutcome;
  /** null when the attempt was refused before a session started */
  session: SessionRecord | null;
  changedPaths: string[];
  acceptance: string[];
  /** earlier attempts, oldest first */
  history: AttemptRecord[];
  runUrl: string | null;
  runId: number | null;
  pullNumber: number | null;
  /** the commit the attempt pushed, once pushed */
  headSha: string | null;
  branch: string;
  reportPath: string;
  /** link to the report file on the branch, once pushed */
  reportUrl: string | null;
  context: ContextSection[];
};
