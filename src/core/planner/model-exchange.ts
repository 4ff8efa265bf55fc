/**
 * The planner's conversation with the model, as plain data: the requests the I/O side sends to the
 * Messages API and the replies it hands back. Shaped like the Messages API so nothing is lost between.
 */

export type ModelTool = {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
};

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean };

export type ModelMessage = { role: "user" | "assistant"; content: string | ContentBlock[] };

export type ModelRequest = {
  model: string;
  system: string;
  maxTokens: number;
  tools: ModelTool[];
  /** the planner always wants its tool called: free text is not a plan */
  toolChoice: { type: "tool"; name: string };
  messages: ModelMessage[];
};

export type ModelUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export type ModelReply =
  | { kind: "message"; content: ContentBlock[]; stopReason: string | null; usage: ModelUsage }
  /** the API refused or failed (status null: no HTTP answer at all) */
  | { kind: "error"; status: number | null; message: string };

/** US dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };

/** What one exchange used so far, carried from the questions into the draft. */
export type Spent = { inputTokens: number; outputTokens: number; usd: number | null; calls: number };

/**
 * Whether a tool answer is usable. A rejected answer says what to fix; `usable` marks an answer that
 * only has warnings left, taken as it is once no round is left to improve it.
 */
export type Verdict<T> =
  | { ok: true; value: T }
  | { ok: false; problems: string; candidate: T | null; usable: boolean };

export type ExchangeSpec<T> = {
  model: string;
  system: string;
  prompt: string;
  tool: ModelTool;
  check: (input: unknown) => Verdict<T>;
  /** answers sent back with their problems after the first */
  repairRounds: number;
  budget: { tokens: number; usd: number | null };
  maxOutputTokens: number;
  price: ModelPrice | null;
  /** what earlier steps of the same draft used, counted against the budget */
  spentBefore: Spent;
};

export type ExchangeState<T> = {
  messages: ModelMessage[];
  /** answers received */
  round: number;
  spent: Spent;
  last: Verdict<T> | null;
};

export type ExchangeOutcome<T> =
  | { kind: "accepted"; value: T; rounds: number; spent: Spent; warnings: string | null }
  | {
      kind: "rejected";
      reason: "rounds" | "budget";
      candidate: T | null;
      problems: string;
      rounds: number;
      spent: Spent;
    }
  | { kind: "api-error"; status: number | null; message: string; rounds: number; spent: Spent };

export type ExchangeStep<T> =
  | { kind: "ask"; state: ExchangeState<T>; request: ModelRequest }
  | { kind: "done"; outcome: ExchangeOutcome<T> };
