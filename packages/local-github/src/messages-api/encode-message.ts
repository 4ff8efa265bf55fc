import type { ScriptedBlock } from "./script-types.ts";

export type MessageUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
};

export type EncodedMessage = {
  id: string;
  model: string;
  blocks: ScriptedBlock[];
  stopReason: string;
  usage: MessageUsage;
};

/** The `tool_use` id of a block: its own, or one derived from the message id and position. */
function toolUseId(message: Pick<EncodedMessage, "id">, block: ScriptedBlock, index: number): string {
  if (block.type === "tool_use" && block.id) return block.id;
  return `toolu_${message.id.replace(/^msg_/, "")}_${index}`;
}

/**
 * One scripted message as the real API sends it: streamed (`stream: true`, what Claude Code asks
 * for) as Server-Sent Events, else as one JSON body.
 */
export function encodeMessage(
  message: EncodedMessage,
  stream: boolean,
): { contentType: string; body: string } {
  return stream
    ? { contentType: "text/event-stream; charset=utf-8", body: encodeEvents(message) }
    : { contentType: "application/json", body: JSON.stringify(encodeBody(message)) };
}

/**
 * A message as the real API streams it (Server-Sent Events): `message_start` with the input and
 * cache tokens, per block `content_block_start` / one or more `content_block_delta` (`text_delta`,
 * or `input_json_delta` for a tool call) / `content_block_stop`, then `message_delta` with the stop
 * reason and the final usage, and `message_stop`.
 */
function encodeEvents(message: EncodedMessage): string {
  const events: Array<[string, unknown]> = [
    [
      "message_start",
      {
        type: "message_start",
        message: {
          id: message.id,
          type: "message",
          role: "assistant",
          model: message.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...message.usage, output_tokens: Math.min(1, message.usage.output_tokens) },
        },
      },
    ],
    ["ping", { type: "ping" }],
  ];
  message.blocks.forEach((block, index) => {
    if (block.type === "text") {
      events.push(["content_block_start", startEvent(index, { type: "text", text: "" })]);
      for (const piece of chunks(block.text)) {
        events.push(["content_block_delta", deltaEvent(index, { type: "text_delta", text: piece })]);
      }
    } else {
      events.push([
        "content_block_start",
        startEvent(index, {
          type: "tool_use",
          id: toolUseId(message, block, index),
          name: block.name,
          input: {},
        }),
      ]);
      for (const piece of chunks(JSON.stringify(block.input))) {
        events.push([
          "content_block_delta",
          deltaEvent(index, { type: "input_json_delta", partial_json: piece }),
        ]);
      }
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(
    [
      "message_delta",
      {
        type: "message_delta",
        delta: { stop_reason: message.stopReason, stop_sequence: null },
        usage: message.usage,
      },
    ],
    ["message_stop", { type: "message_stop" }],
  );
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
}

/** The same message as a non-streaming response body. */
function encodeBody(message: EncodedMessage): Record<string, unknown> {
  return {
    id: message.id,
    type: "message",
    role: "assistant",
    model: message.model,
    content: message.blocks.map((block, index) =>
      block.type === "text"
        ? { type: "text", text: block.text }
        : { type: "tool_use", id: toolUseId(message, block, index), name: block.name, input: block.input },
    ),
    stop_reason: message.stopReason,
    stop_sequence: null,
    usage: message.usage,
  };
}

function startEvent(index: number, contentBlock: Record<string, unknown>) {
  return { type: "content_block_start", index, content_block: contentBlock };
}

function deltaEvent(index: number, delta: Record<string, unknown>) {
  return { type: "content_block_delta", index, delta };
}

/** The real API streams text in small pieces; clients must join them, so the fake splits too. */
function chunks(text: string): string[] {
  if (text === "") return [""];
  const size = 64;
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}
