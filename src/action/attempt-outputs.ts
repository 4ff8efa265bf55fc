import type { AttemptResult } from "../core/attempt/attempt-types.ts";

/** The Action's outputs (`action/action.yml`), set by the runner. */
export type AttemptOutputs = {
  result: AttemptResult;
  reason: string;
  prNumber: number | null;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
  /** the report file on the task branch; empty when nothing was pushed */
  reportPath: string;
};
