import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import type { ContentBlock, ModelReply, ModelRequest } from "../core/planner/model-exchange.ts";
import type { ModelConnection } from "./model-connection.ts";

export type ModelCaller = (request: ModelRequest) => Promise<ModelReply>;

const messageSchema = z.object({
  content: z.array(
    z.union([
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() }),
      z.object({ type: z.string() }).loose(),
    ]),
  ),
  stop_reason: z.string().nullable(),
  usage: z.object({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cache_read_input_tokens: z.number().int().nonnegative().nullish(),
    cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  }),
});

/** Long enough for a large plan, short enough that a stuck request ends the draft with a message. */
const TIMEOUT_MS = 5 * 60_000;

/**
 * The Messages API behind the planner's `ModelRequest`/`ModelReply`, through `@anthropic-ai/sdk`'s
 * streaming call (a long plan would outlast a plain request's time limit). API and connection
 * failures become an error reply, so the caller reports them instead of leaving half a draft.
 */
export function createModelCaller(connection: ModelConnection & { apiKey: string }): ModelCaller {
  const client = new Anthropic({
    apiKey: connection.apiKey,
    ...(connection.baseURL === null ? {} : { baseURL: connection.baseURL }),
    maxRetries: 2,
    timeout: TIMEOUT_MS,
  });
  return async (request) => {
    try {
      const stream = client.messages.stream({
        model: request.model,
        system: request.system,
        max_tokens: request.maxTokens,
        tools: request.tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          input_schema: { ...tool.input_schema, type: "object" as const },
        })),
        tool_choice: request.toolChoice,
        messages: request.messages,
      });
      const message = messageSchema.parse(await stream.finalMessage());
      const content = message.content.flatMap((block): ContentBlock[] => {
        if (block.type === "text" && "text" in block && typeof block.text === "string")
          return [{ type: "text", text: block.text }];
        if (block.type === "tool_use" && "id" in block && "name" in block)
          return [{ type: "tool_use", id: String(block.id), name: String(block.name), input: block.input }];
        return [];
      });
      return {
        kind: "message",
        content,
        stopReason: message.stop_reason,
        usage: {
          inputTokens: message.usage.input_tokens,
          outputTokens: message.usage.output_tokens,
          cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
          cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
        },
      };
    } catch (error) {
      if (error instanceof Anthropic.APIError) {
        return { kind: "error", status: error.status ?? null, message: describeApiError(error) };
      }
      if (error instanceof z.ZodError) {
        return { kind: "error", status: null, message: "the Messages API answered in an unexpected shape" };
      }
      return { kind: "error", status: null, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

function describeApiError(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = z
    .object({ error: z.object({ type: z.string(), message: z.string() }) })
    .safeParse(error.error);
  if (body.success) return `${body.data.error.type}: ${body.data.error.message}`;
  return error.message;
}
