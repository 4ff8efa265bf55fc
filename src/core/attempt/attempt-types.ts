/**
 * What one attempt of the Action is made of, as plain data: the session's figures and events as the
 * shell collected them, and the outcome the pure decisions reach from them.
 */

export type AttemptResult = "success" | "failed" | "needs-human";

/** A tool call the policy refused, with the setting that would have allowed it. */
export type ToolDenial = {
  tool: string;
  /** the command, path or tool input that was refused (scrubbed, bounded) */
  detail: string;
  reason: string;
  /** what a writer would change to allow it, naming the config key or input; or why nothing can */
  allowWith: string;
};

/** A shell command the agent ran and what it printed (bounded). */
export type CommandRun = {
  command: string;
  output: string;
  /** true when the tool reported an error (non-zero exit, timeout) */
  failed: boolean;
  /** true when `output` was cut to stay within the bound */
  truncated: boolean;
};

/** Everything the session produced that the outcome, the report and the outputs need. */
export type SessionRecord = {
  /** false when the stream ended (or the process died) before a `result` message */
  gotResult: boolean;
  /** the result's subtype: `success`, `error_max_turns`, `error_max_budget_usd`, … */
  subtype: string;
  isError: boolean;
  terminalReason: string | null;
  /** the HTTP status of a Messages API error that ended the session */
  apiErrorStatus: number | null;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  costUsd: number;
  durationMs: number;
  /** the agent's final message */
  finalText: string;
  denials: ToolDenial[];
  commands: CommandRun[];
  toolCalls: number;
  /** a failure outside the model's reply: the process could not start, the stream broke, … */
  error: string | null;
  /** the tokens counted when the Action stopped the agent for its token cap; null: not stopped */
  stoppedAtTokens: number | null;
};

export type AttemptOutcome = {
  result: AttemptResult;
  /** one line a person reads first: why the attempt ended as it did */
  reason: string;
  /** whether the work is committed, pushed and offered as a PR */
  publish: boolean;
};
