import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { encodeMessage, type MessageUsage } from "./encode-message.ts";
import { estimateTokens } from "./estimate-tokens.ts";
import type {
  MessagesRequestBody,
  MessagesScript,
  RecordedRequest,
  ScriptedMessage,
  ScriptedTurn,
} from "./script-types.ts";

export type MessagesApiOptions = {
  script: MessagesScript;
  /** 0 (default): any free port */
  port?: number;
};

export type MessagesApi = {
  /** `http://127.0.0.1:PORT`: what `ANTHROPIC_BASE_URL` is set to */
  url: string;
  /** every request received, in order */
  requests(): RecordedRequest[];
  /** the main-loop requests only: the ones that consumed a scripted turn */
  scriptedRequests(): RecordedRequest[];
  /** how many requests came after a list script ran out */
  exhausted(): number;
  close(): Promise<void>;
};

const requestBodySchema = z
  .object({
    model: z.string(),
    messages: z.array(z.object({ role: z.string(), content: z.unknown() }).loose()),
    system: z.unknown().optional(),
    tools: z.array(z.unknown()).optional(),
    stream: z.boolean().optional(),
    max_tokens: z.number().optional(),
  })
  .loose();

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const SCRIPT_ENDED: ScriptedMessage = { blocks: [{ type: "text", text: "The script has no more turns." }] };

/**
 * A local stand-in for Anthropic's Messages API that the real Claude Code binary talks to
 * (`ANTHROPIC_BASE_URL`): each main-loop `POST /v1/messages` plays the script's next turn, streamed
 * as the real API streams it, with token usage in `message_start` and `message_delta`, or answers
 * with a scripted API error. Side requests (token counting, or a small request without tools such as
 * a title or quota probe) get a short answer without consuming the script. `HEAD /` and any other
 * path are answered too, and every request is recorded.
 */
export async function startMessagesApi(options: MessagesApiOptions): Promise<MessagesApi> {
  const recorded: RecordedRequest[] = [];
  let played = 0;
  let exhausted = 0;
  let messageCount = 0;

  const nextTurn = (body: MessagesRequestBody): ScriptedTurn => {
    const index = played++;
    if (typeof options.script === "function") return options.script({ index, body });
    const turn = options.script[index];
    if (turn !== undefined) return turn;
    exhausted += 1;
    return SCRIPT_ENDED;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readBody(request);
    const path = request.url ?? "/";
    const entry: RecordedRequest = {
      method: request.method ?? "GET",
      path,
      headers: recordedHeaders(request),
      body: parseJson(raw),
      scripted: false,
      turn: null,
    };
    recorded.push(entry);
    const pathname = path.split("?")[0] ?? "/";

    if (entry.method !== "POST") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(entry.method === "HEAD" ? undefined : "{}");
      return;
    }
    if (pathname === "/v1/messages/count_tokens") {
      return sendJson(response, 200, { input_tokens: estimateTokens(entry.body) });
    }
    if (pathname !== "/v1/messages") {
      return sendError(response, 404, `the fake Messages API does not serve ${pathname}`);
    }
    const parsed = requestBodySchema.safeParse(entry.body);
    if (!parsed.success) {
      return sendError(
        response,
        400,
        `invalid request body: ${parsed.error.issues[0]?.message ?? "not JSON"}`,
      );
    }
    const body: MessagesRequestBody = parsed.data;
    const isMainLoop = (body.tools?.length ?? 0) > 0;
    let turn: ScriptedTurn;
    if (isMainLoop) {
      entry.scripted = true;
      entry.turn = played;
      turn = nextTurn(body);
    } else {
      turn = { blocks: [{ type: "text", text: "OK" }] };
    }
    if ("error" in turn) {
      return sendError(response, turn.error.status, turn.error.message, turn.error.type);
    }
    messageCount += 1;
    const hasToolUse = turn.blocks.some((block) => block.type === "tool_use");
    const encoded = encodeMessage(
      {
        id: `msg_fake${String(messageCount).padStart(6, "0")}`,
        model: body.model,
        blocks: turn.blocks,
        stopReason: turn.stopReason ?? (hasToolUse ? "tool_use" : "end_turn"),
        usage: usageOf(turn, body),
      },
      body.stream === true,
    );
    response.writeHead(200, {
      "content-type": encoded.contentType,
      "request-id": `req_fake${messageCount}`,
      "cache-control": "no-cache",
    });
    response.end(encoded.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendError(response, 500, error instanceof Error ? error.message : String(error));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the fake Messages API has no TCP port");

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => [...recorded],
    scriptedRequests: () => recorded.filter((entry) => entry.scripted),
    exhausted: () => exhausted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function usageOf(turn: ScriptedMessage, body: MessagesRequestBody): MessageUsage {
  const usage = turn.usage ?? {};
  return {
    input_tokens: usage.inputTokens ?? estimateTokens([body.system ?? "", body.messages]),
    output_tokens: usage.outputTokens ?? estimateTokens(turn.blocks),
    cache_creation_input_tokens: usage.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadInputTokens ?? 0,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, message: string, type?: string): void {
  const errorType = type ?? ERROR_TYPES[status] ?? "api_error";
  response.writeHead(status, { "content-type": "application/json", "request-id": "req_fake_error" });
  response.end(JSON.stringify({ type: "error", error: { type: errorType, message } }));
}

function recordedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    // The key is whatever the client was given; never keep it where a test could print it.
    headers[name] = name === "x-api-key" || name === "authorization" ? "[redacted]" : String(value);
  }
  return headers;
}

function parseJson(raw: string): unknown {
  if (raw === "") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
