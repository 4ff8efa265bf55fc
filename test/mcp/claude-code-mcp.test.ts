import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type MessagesApi, startMessagesApi } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The Claude Code binary the Agent SDK ships (pinned by package-lock), run directly as a person would. */
const CLAUDE = join(ROOT, "node_modules/@anthropic-ai/claude-agent-sdk-linux-x64/claude");
const CYCLE = "### T1: A\n**Depends on**: T2\n\n### T2: B\n**Depends on**: T1\n";

type ToolResult = { type: "tool_result"; tool_use_id: string; content: unknown; is_error?: boolean };

/** A tool result's JSON, without the reminders Claude Code appends for the model. */
function jsonOf(text: string | undefined): unknown {
  return JSON.parse((text ?? "").split("<system-reminder>")[0] ?? "");
}

/** The tool results the request carries back to the model, with their text joined. */
function toolResults(body: unknown): Array<{ text: string; isError: boolean }> {
  const messages = (body as { messages: Array<{ role: string; content: unknown }> }).messages;
  const last = messages.filter((message) => message.role === "user").at(-1);
  const blocks = Array.isArray(last?.content) ? (last.content as ToolResult[]) : [];
  return blocks
    .filter((block) => block.type === "tool_result")
    .map((block) => ({
      text: Array.isArray(block.content)
        ? (block.content as Array<{ text?: string }>).map((part) => part.text ?? "").join("")
        : String(block.content),
      isError: block.is_error === true,
    }));
}

describe("the real Claude Code binary uses `foreman mcp` offline (--mcp-config, a scripted model)", () => {
  let api: MessagesApi;
  let work: string;
  let home: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "foreman-cc-mcp-work-"));
    home = await mkdtemp(join(tmpdir(), "foreman-cc-mcp-home-"));
    api = await startMessagesApi({
      script: [
        {
          blocks: [
            { type: "tool_use", name: "mcp__foreman__validate_plan", input: { markdown: EXAMPLE_PLAN } },
          ],
        },
        {
          blocks: [
            { type: "tool_use", name: "mcp__foreman__convert_plan", input: { markdown: EXAMPLE_PLAN } },
          ],
        },
        { blocks: [{ type: "tool_use", name: "mcp__foreman__convert_plan", input: { markdown: CYCLE } }] },
        { blocks: [{ type: "text", text: "The plan is valid: 4 tasks in 3 waves." }] },
      ],
    });
  });
  afterAll(async () => {
    await api.close();
    await rm(work, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it("calls validate_plan and convert_plan through the server and gets their answers back", {
    timeout: 120_000,
  }, async () => {
    const config = join(work, "mcp.json");
    await writeFile(
      config,
      JSON.stringify({
        mcpServers: { foreman: { command: process.execPath, args: [join(ROOT, "bin/foreman.js"), "mcp"] } },
      }),
    );
    const { stdout } = await promisify(execFile)(
      CLAUDE,
      [
        "-p",
        "Check my plan with Foreman, then show me its graph.",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "claude-sonnet-4-5",
        "--max-turns",
        "6",
        "--mcp-config",
        config,
        "--strict-mcp-config",
        "--allowedTools",
        "mcp__foreman__validate_plan",
        "mcp__foreman__convert_plan",
      ],
      {
        cwd: work,
        timeout: 100_000,
        maxBuffer: 32 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home,
          ANTHROPIC_BASE_URL: api.url,
          ANTHROPIC_API_KEY: "dummy",
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
          DISABLE_TELEMETRY: "1",
          DISABLE_AUTOUPDATER: "1",
          CLAUDE_CODE_MAX_RETRIES: "1",
          MCP_TIMEOUT: "60000",
          // MCP tools are otherwise deferred behind ToolSearch; loaded up front, the request shows their schemas.
          ENABLE_TOOL_SEARCH: "false",
        },
      },
    );
    const events = stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const init = events.find((event) => event.type === "system" && event.subtype === "init") as
      | { mcp_servers: Array<{ name: string; status: string }>; tools: string[] }
      | undefined;
    expect(init?.mcp_servers).toEqual([expect.objectContaining({ name: "foreman", status: "connected" })]);
    expect(init?.tools).toEqual(
      expect.arrayContaining(["mcp__foreman__validate_plan", "mcp__foreman__convert_plan"]),
    );
    expect(events.at(-1)).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      num_turns: 4,
    });

    const scripted = api.scriptedRequests();
    expect(scripted).toHaveLength(4);
    const tools = (
      (scripted[0]?.body ?? { tools: [] }) as {
        tools: Array<{ name: string; input_schema: { required?: string[] } }>;
      }
    ).tools;
    expect(tools.find((tool) => tool.name === "mcp__foreman__validate_plan")?.input_schema.required).toEqual([
      "markdown",
    ]);
    // Claude Code hands the model a tool's structured content when it has one: the same JSON as `--json`.
    const validated = toolResults(scripted[1]?.body);
    expect(validated.map((result) => result.isError)).toEqual([false]);
    expect(jsonOf(validated[0]?.text)).toEqual({
      valid: true,
      tasks: 4,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
    const converted = toolResults(scripted[2]?.body);
    expect(converted.map((result) => result.isError)).toEqual([false]);
    expect(jsonOf(converted[0]?.text)).toMatchObject({
      valid: true,
      waves: [["T1", "T2"], ["T3"], ["T4"]],
      criticalPath: ["T1", "T3", "T4"],
      mermaid: expect.stringMatching(/^(flowchart|graph) /),
    });
    expect(toolResults(scripted[3]?.body)).toEqual([
      {
        text: expect.stringContaining(
          "the plan is not valid, so it has no graph yet:\nplan:1:1: error: dependency cycle: T1 → T2 → T1",
        ),
        isError: true,
      },
    ]);
  });
});
