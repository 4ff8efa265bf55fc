/**
 * What the fake Messages API plays: one scripted turn per request of Claude Code's main loop. A turn
 * is either a message (text and tool calls, streamed as the real API streams them) or an API error.
 */

export type ScriptedBlock =
  | { type: "text"; text: string }
  /** `id` defaults to a fresh `toolu_…`; `input` is what the tool gets, e.g. `{ command: "npm test" }` */
  | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

/** Token counts the turn reports; what is left out is estimated from the request and the reply. */
export type ScriptedUsage = {
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
};

export type ScriptedMessage = {
  blocks: ScriptedBlock[];
  usage?: ScriptedUsage;
  /** default: `tool_use` when a block calls a tool, else `end_turn` */
  stopReason?: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence";
};

/** An HTTP error answer, shaped as the real API's `{type:"error", error:{type, message}}`. */
export type ScriptedError = {
  error: {
    /** 400, 401, 429, 500, 529 … */
    status: number;
    /** default from the status: `invalid_request_error`, `overloaded_error`, `api_error`, … */
    type?: string;
    message: string;
  };
};

export type ScriptedTurn = ScriptedMessage | ScriptedError;

/** One request the server answered, as received (so tests can assert what the prompt contained). */
export type RecordedRequest = {
  method: string;
  /** path with query, e.g. `/v1/messages?beta=true` */
  path: string;
  headers: Record<string, string>;
  /** the parsed JSON body, or null for a body that is not JSON */
  body: unknown;
  /** true for the main loop's requests, which consume the script; false for side requests */
  scripted: boolean;
  /** index of the turn that answered, for scripted requests */
  turn: number | null;
};

/**
 * A list of turns played in order, or a function choosing each turn from the request (its position
 * among the main-loop requests counts from 0). When a list runs out the server ends the session
 * with a short text turn and counts it in `exhausted`.
 */
export type MessagesScript =
  | readonly ScriptedTurn[]
  | ((request: { index: number; body: MessagesRequestBody }) => ScriptedTurn);

/** The parts of a `POST /v1/messages` body the fake reads. */
export type MessagesRequestBody = {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  system?: unknown;
  tools?: unknown[];
  stream?: boolean;
  max_tokens?: number;
};
