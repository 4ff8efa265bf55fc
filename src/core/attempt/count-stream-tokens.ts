import { z } from "zod";

/** Tokens a session used so far, from the Messages API's own stream events (input + output). */
export type TokenTally = {
  /** tokens of the replies that ended */
  settled: number;
  /** the reply each stream (the main loop, each subagent) is receiving now */
  open: Readonly<Record<string, { input: number; output: number }>>;
  total: number;
};

export const NO_TOKENS: TokenTally = { settled: 0, open: {}, total: 0 };

const usageSchema = z
  .object({ input_tokens: z.number().nullable().optional(), output_tokens: z.number().nullable().optional() })
  .loose();
const streamMessageSchema = z.object({
  type: z.literal("stream_event"),
  parent_tool_use_id: z.string().nullable().optional(),
  event: z.discriminatedUnion("type", [
    z.object({ type: z.literal("message_start"), message: z.object({ usage: usageSchema }).loose() }).loose(),
    z.object({ type: z.literal("message_delta"), usage: usageSchema }).loose(),
  ]),
});

/**
 * Adds one of the SDK's stream events to the tally, counted as the result's figures are (input tokens
 * without cache reads or writes, plus output tokens), while the session runs: `message_start` opens a
 * reply with its input tokens, each `message_delta` carries the reply's output tokens so far. Any other
 * message leaves the tally as it is.
 */
export function countStreamTokens(tally: TokenTally, message: unknown): TokenTally {
  const parsed = streamMessageSchema.safeParse(message);
  if (!parsed.success) return tally;
  const stream = parsed.data.parent_tool_use_id ?? "main";
  const { event } = parsed.data;
  const open = { ...tally.open };
  let settled = tally.settled;
  if (event.type === "message_start") {
    const previous = open[stream];
    if (previous) settled += previous.input + previous.output;
    open[stream] = {
      input: event.message.usage.input_tokens ?? 0,
      output: event.message.usage.output_tokens ?? 0,
    };
  } else {
    const current = open[stream] ?? { input: 0, output: 0 };
    // Counts so far for this reply: never less than what was already seen.
    open[stream] = {
      input: Math.max(current.input, event.usage.input_tokens ?? 0),
      output: Math.max(current.output, event.usage.output_tokens ?? 0),
    };
  }
  const inFlight = Object.values(open).reduce((sum, reply) => sum + reply.input + reply.output, 0);
  return { settled, open, total: settled + inFlight };
}
