import { describe, expect, it } from "vitest";
import { countStreamTokens, NO_TOKENS } from "../../../src/core/attempt/count-stream-tokens.ts";

const start = (input: number, stream: string | null = null) => ({
  type: "stream_event",
  parent_tool_use_id: stream,
  event: { type: "message_start", message: { id: "msg", usage: { input_tokens: input, output_tokens: 1 } } },
});
const delta = (output: number, stream: string | null = null) => ({
  type: "stream_event",
  parent_tool_use_id: stream,
  event: { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: output } },
});

describe("countStreamTokens", () => {
  it("counts each reply's input and output tokens as the stream tells them, replies added up", () => {
    const events = [start(3000), delta(400), start(3600), delta(20), delta(60)];
    const tally = events.reduce(countStreamTokens, NO_TOKENS);
    expect(tally.total).toBe(3000 + 400 + 3600 + 60);
  });

  it("keeps a subagent's reply apart from the main loop's", () => {
    const events = [
      start(1000),
      start(500, "toolu_1"),
      delta(50, "toolu_1"),
      delta(70),
      start(200, "toolu_1"),
    ];
    expect(events.reduce(countStreamTokens, NO_TOKENS).total).toBe(1000 + 70 + 500 + 50 + 200 + 1);
  });

  it("leaves the tally alone for every other message", () => {
    for (const message of [{ type: "assistant", message: {} }, { type: "result" }, null, "text"])
      expect(countStreamTokens(NO_TOKENS, message)).toBe(NO_TOKENS);
  });
});
