import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { query, type SDKMessage } from "@anthropic-ai/claude-agent-sdk";
import { type MessagesApi, startMessagesApi } from "@foreman/local-github";
import { afterEach, describe, expect, it } from "vitest";

const servers: MessagesApi[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function start(script: Parameters<typeof startMessagesApi>[0]["script"]): Promise<MessagesApi> {
  const server = await startMessagesApi({ script });
  servers.push(server);
  return server;
}

const mainLoopBody = (extra: Record<string, unknown> = {}) => ({
  model: "claude-test",
  max_tokens: 1000,
  stream: true,
  tools: [{ name: "Write", input_schema: { type: "object" } }],
  messages: [
    { role: "system", content: "tolerated" },
    { role: "user", content: "hello" },
  ],
  ...extra,
});

async function post(server: MessagesApi, body: unknown, path = "/v1/messages?beta=true") {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "sk-ant-secret" },
    body: JSON.stringify(body),
  });
}

/** `event: X\ndata: {...}` pairs, in order. */
function parseEvents(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .trim()
    .split("\n\n")
    .map((chunk) => {
      const [eventLine = "", dataLine = ""] = chunk.split("\n");
      return { event: eventLine.replace("event: ", ""), data: JSON.parse(dataLine.replace("data: ", "")) };
    });
}

describe("the fake Messages API", () => {
  it("streams a scripted turn as Server-Sent Events in the real API's order, with usage", async () => {
    const server = await start([
      {
        blocks: [
          { type: "text", text: "Writing the file." },
          { type: "tool_use", name: "Write", input: { file_path: "/w/a.txt", content: "x".repeat(100) } },
        ],
        usage: {
          inputTokens: 1200,
          outputTokens: 80,
          cacheReadInputTokens: 300,
          cacheCreationInputTokens: 40,
        },
      },
    ]);
    const response = await post(server, mainLoopBody());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseEvents(await response.text());
    expect(events.map((event) => event.event).filter((name) => name !== "ping")).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const opening = events[0]?.data.message as Record<string, unknown>;
    expect(opening.model).toBe("claude-test");
    expect(opening.usage).toMatchObject({
      input_tokens: 1200,
      cache_read_input_tokens: 300,
      cache_creation_input_tokens: 40,
    });
    const toolJson = events
      .filter((event) => (event.data.delta as { type?: string } | undefined)?.type === "input_json_delta")
      .map((event) => (event.data.delta as { partial_json: string }).partial_json)
      .join("");
    expect(JSON.parse(toolJson)).toEqual({ file_path: "/w/a.txt", content: "x".repeat(100) });
    const delta = events.find((event) => event.event === "message_delta")?.data;
    expect(delta).toMatchObject({ delta: { stop_reason: "tool_use" }, usage: { output_tokens: 80 } });
  });

  it("answers a non-streaming request with one JSON message and estimates usage it was not given", async () => {
    const server = await start([{ blocks: [{ type: "text", text: "Done." }] }]);
    const response = await post(server, mainLoopBody({ stream: false }));
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn" });
    expect(body.content).toEqual([{ type: "text", text: "Done." }]);
    const usage = body.usage as Record<string, number>;
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBeGreaterThan(0);
  });

  it("answers scripted API errors in the real error shape", async () => {
    const server = await start([
      { error: { status: 529, message: "Overloaded" } },
      { error: { status: 400, message: "prompt is too long" } },
      { error: { status: 500, type: "api_error", message: "Internal server error" } },
    ]);
    const overloaded = await post(server, mainLoopBody());
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const invalid = await post(server, mainLoopBody());
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    expect((await post(server, mainLoopBody())).status).toBe(500);
  });

  it("answers HEAD /, token counting and side requests without consuming the script", async () => {
    const server = await start([{ blocks: [{ type: "text", text: "first" }] }]);
    expect((await fetch(server.url, { method: "HEAD" })).status).toBe(200);
    const counted = await post(server, mainLoopBody(), "/v1/messages/count_tokens");
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    const side = await post(server, { ...mainLoopBody({ stream: false }), tools: [] });
    expect(((await side.json()) as { content: unknown[] }).content).toHaveLength(1);
    const main = await post(server, mainLoopBody({ stream: false }));
    expect(((await main.json()) as { content: Array<{ text: string }> }).content[0]?.text).toBe("first");
    expect(server.requests().map((request) => [request.method, request.scripted])).toEqual([
      ["HEAD", false],
      ["POST", false],
      ["POST", false],
      ["POST", true],
    ]);
    expect(server.requests()[1]?.headers["x-api-key"]).toBe("[redacted]");
  });

  it("ends the session with a text turn when a list script runs out, and counts it", async () => {
    const server = await start([]);
    const body = (await (await post(server, mainLoopBody({ stream: false }))).json()) as {
      stop_reason: string;
    };
    expect(body.stop_reason).toBe("end_turn");
    expect(server.exhausted()).toBe(1);
  });

  it("lets a function script choose each turn from the request", async () => {
    const server = await start(({ index, body }) => ({
      blocks: [{ type: "text", text: `turn ${index} of ${body.model}` }],
    }));
    await post(server, mainLoopBody({ stream: false }));
    const second = (await (await post(server, mainLoopBody({ stream: false }))).json()) as {
      content: Array<{ text: string }>;
    };
    expect(second.content[0]?.text).toBe("turn 1 of claude-test");
  });

  it("refuses a body that is not a Messages request with a 400 naming the problem", async () => {
    const server = await start([]);
    const response = await post(server, { nonsense: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /invalid request/,
    );
  });
});

describe("the real Claude Code binary against the fake Messages API", () => {
  it("runs a two-turn session: the scripted Write creates the file, the prompt reaches the server", async () => {
    const work = await mkdtemp(join(tmpdir(), "foreman-cc-work-"));
    const home = await mkdtemp(join(tmpdir(), "foreman-cc-home-"));
    dirs.push(work, home);
    const server = await start([
      {
        blocks: [
          { type: "text", text: "I will write the greeting." },
          {
            type: "tool_use",
            name: "Write",
            input: { file_path: join(work, "hello.txt"), content: "hello\n" },
          },
        ],
        usage: { inputTokens: 2000, outputTokens: 100, cacheReadInputTokens: 500 },
      },
      {
        blocks: [{ type: "text", text: "Wrote hello.txt." }],
        usage: { inputTokens: 2100, outputTokens: 20 },
      },
    ]);
    const messages: SDKMessage[] = [];
    for await (const message of query({
      prompt: "Write hello.txt containing hello. MARKER-1234",
      options: {
        cwd: work,
        model: "claude-sonnet-4-6",
        settingSources: [],
        permissionMode: "acceptEdits",
        maxTurns: 5,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home,
          ANTHROPIC_BASE_URL: server.url,
          ANTHROPIC_API_KEY: "dummy",
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
          DISABLE_TELEMETRY: "1",
          DISABLE_AUTOUPDATER: "1",
          CLAUDE_CODE_MAX_RETRIES: "1",
        },
      },
    })) {
      messages.push(message);
      if (message.type === "result") break;
    }
    expect(await readFile(join(work, "hello.txt"), "utf8")).toBe("hello\n");
    const result = messages.find((message) => message.type === "result");
    expect(result).toMatchObject({ type: "result", subtype: "success", is_error: false, num_turns: 2 });
    if (result?.type !== "result") throw new Error("no result message");
    const usage = Object.values(result.modelUsage)[0];
    expect(usage?.inputTokens).toBe(4100);
    expect(usage?.outputTokens).toBe(120);
    expect(usage?.cacheReadInputTokens).toBe(500);
    expect(result.total_cost_usd).toBeGreaterThan(0);
    const scripted = server.scriptedRequests();
    expect(scripted).toHaveLength(2);
    expect(JSON.stringify(scripted[0]?.body)).toContain("MARKER-1234");
    expect(JSON.stringify(scripted[1]?.body)).toContain("tool_result");
  });
});
