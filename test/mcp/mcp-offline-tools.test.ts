import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { connectMcpClient, type McpTestClient, textOf } from "./mcp-client.ts";

const CYCLE = "### T1: A\n**Depends on**: T2\n\n### T2: B\n**Depends on**: T1\n";
const TOOLS = [
  "validate_plan",
  "convert_plan",
  "simulate_plan",
  "start_plan",
  "plan_status",
  "task_report",
  "control_plan",
];

describe("foreman mcp over stdio, through the MCP SDK's own client: listing and the tools that need no token", () => {
  let mcp: McpTestClient;
  beforeAll(async () => {
    mcp = await connectMcpClient();
  });
  afterAll(async () => mcp.close());

  it("lists every tool with a description and zod-made input and output schemas", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get("validate_plan")?.inputSchema.required).toEqual(["markdown"]);
    expect(byName.get("control_plan")?.inputSchema.properties?.action).toMatchObject({
      enum: ["pause", "resume", "cancel", "retry", "skip", "sync"],
    });
    expect(byName.get("start_plan")?.inputSchema.required).toEqual(["repository", "markdown"]);
    expect(byName.get("plan_status")?.outputSchema?.required).toEqual([
      "repository",
      "plan",
      "tasks",
      "totals",
    ]);
    expect(byName.get("validate_plan")?.annotations).toMatchObject({ readOnlyHint: true });
  });

  it("serves the task-format reference and the graph's JSON Schema as resources", async () => {
    const { resources } = await mcp.client.listResources();
    expect(resources.map((resource) => [resource.uri, resource.mimeType])).toEqual([
      ["foreman://docs/task-format.md", "text/markdown"],
      ["foreman://schema/task-graph.json", "application/schema+json"],
    ]);
    const format = await mcp.client.readResource({ uri: "foreman://docs/task-format.md" });
    expect(format.contents[0]).toMatchObject({
      text: await readFile(new URL("../../docs/task-format.md", import.meta.url), "utf8"),
    });
    const schema = await mcp.client.readResource({ uri: "foreman://schema/task-graph.json" });
    const first = schema.contents[0];
    const text = first && "text" in first ? first.text : "";
    expect(JSON.parse(text)).toEqual(
      JSON.parse(await readFile(new URL("../../docs/task-graph.schema.json", import.meta.url), "utf8")),
    );
  });

  it("validate_plan: a good plan is valid", async () => {
    const result = await mcp.call("validate_plan", { markdown: EXAMPLE_PLAN });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ valid: true, tasks: 4, errors: 0 });
    expect(textOf(result)).toMatch(/^Valid: 4 tasks/);
  });

  it("validate_plan: a bad plan gets each problem with line, column and hint, in the CLI's words", async () => {
    const result = await mcp.call("validate_plan", { markdown: CYCLE });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      valid: false,
      errors: 1,
      diagnostics: [
        {
          severity: "error",
          code: "dependency-cycle",
          line: 1,
          column: 1,
          hint: "Remove one dependency in this cycle.",
        },
      ],
    });
    expect(textOf(result)).toBe(
      "Invalid: 1 error.\nplan:1:1: error: dependency cycle: T1 → T2 → T1 — each task waits for the next, so none can start (T1 (line 1), T2 (line 4))\n  hint: Remove one dependency in this cycle.",
    );
  });

  it("validate_plan: input that is not a plan is a tool error that says so", async () => {
    const empty = await mcp.call("validate_plan", { markdown: "" });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toContain("the plan is empty: give the task document's markdown");
    const missing = await mcp.call("validate_plan", {});
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("markdown");
    expect(textOf(missing)).not.toMatch(/\n\s+at /);
  });

  it("convert_plan: the canonical graph, waves, critical path and mermaid, as `foreman plan --json` has them", async () => {
    const result = await mcp.call("convert_plan", { markdown: EXAMPLE_PLAN });
    expect(result.isError).toBeFalsy();
    const graph = result.structuredContent as Record<string, unknown> & {
      tasks: Array<{ id: string; deps: unknown[] }>;
    };
    expect(graph.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4"]);
    expect(graph.waves).toEqual([["T1", "T2"], ["T3"], ["T4"]]);
    expect(graph.criticalPath).toEqual(["T1", "T3", "T4"]);
    expect(graph.blockedBy).toEqual([
      ["T3", "T1"],
      ["T3", "T2"],
      ["T4", "T3"],
    ]);
    expect(String(graph.mermaid)).toMatch(/^(flowchart|graph) /);
    expect(textOf(result)).toMatch(/^4 tasks in 3 waves; critical path T1 → T3 → T4\./);
  });

  it("convert_plan: an invalid plan is a tool error listing its problems", async () => {
    const result = await mcp.call("convert_plan", { markdown: CYCLE });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "the plan is not valid, so it has no graph yet:\nplan:1:1: error: dependency cycle: T1 → T2 → T1 — each task waits for the next, so none can start (T1 (line 1), T2 (line 4))\n  hint: Remove one dependency in this cycle.",
    );
  });

  it("simulate_plan: runs the plan on a local GitHub with the real app and returns the summary", async () => {
    const result = await mcp.call("simulate_plan", { markdown: EXAMPLE_PLAN });
    expect(result.isError).toBeFalsy();
    const summary = result.structuredContent as {
      tasks: Array<{ id: string; state: string }>;
      duplicates: unknown;
    };
    expect(summary.tasks.map((task) => [task.id, task.state])).toEqual([
      ["T1", "ready"],
      ["T2", "ready"],
      ["T3", "pending"],
      ["T4", "pending"],
    ]);
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
  });

  it("simulate_plan: bad input is a tool error in the CLI's words", async () => {
    const faults = await mcp.call("simulate_plan", { markdown: EXAMPLE_PLAN, faults: "api=boom" });
    expect(faults.isError).toBe(true);
    expect(textOf(faults)).toMatch(/^foreman simulate: --faults: /);
    const invalid = await mcp.call("simulate_plan", { markdown: CYCLE });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toContain("plan:1:1: error: dependency cycle");
  });

  it("the GitHub tools ask for a token when the server has none", async () => {
    for (const [name, args] of [
      ["plan_status", { plan: "acme/demo#1" }],
      ["task_report", { plan: "acme/demo#1" }],
      ["start_plan", { repository: "acme/demo", markdown: EXAMPLE_PLAN }],
      ["control_plan", { plan: "acme/demo#1", action: "pause" }],
    ] as const) {
      const result = await mcp.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(/^GITHUB_TOKEN is not set\./);
    }
    const malformed = await mcp.call("plan_status", { plan: "acme/demo" });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toContain("use OWNER/REPO#N, e.g. acme/demo#12");
  });
});
