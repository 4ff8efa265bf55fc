import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { textOf } from "./mcp-client.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("foreman mcp --http PORT: the streamable HTTP transport on 127.0.0.1", () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    server = spawn(process.execPath, ["bin/foreman.js", "mcp", "--http", "0"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    for (let waited = 0; !/listening on (\S+)/.test(output); waited += 50) {
      if (waited > 20_000) throw new Error(`no address after 20 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    url = /listening on (\S+)/.exec(output)?.[1] ?? "";
  });
  afterAll(async () => {
    server.kill("SIGTERM");
    await once(server, "exit");
  });

  it("prints where it listens and answers the SDK's HTTP client", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: "foreman-http-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(7);
      const result = (await client.callTool({
        name: "validate_plan",
        arguments: { markdown: EXAMPLE_PLAN },
      })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ valid: true, tasks: 4 });
      expect(textOf(result)).toMatch(/^Valid: 4 tasks/);
    } finally {
      await client.close();
    }
  });

  it("refuses requests that name another host (DNS rebinding), other paths and other methods", async () => {
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    // fetch will not send a Host of its own choosing; node:http will, as a rebound browser would.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        url,
        { method: "POST", headers: { ...headers, host: "evil.example" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end(initialize);
    });
    expect(rebinding).toBe(403);
    const elsewhere = await fetch(url.replace(/\/mcp$/, "/other"), {
      method: "POST",
      headers,
      body: initialize,
    });
    expect(elsewhere.status).toBe(404);
    const get = await fetch(url, { headers });
    expect(get.status).toBe(405);
    const garbage = await fetch(url, { method: "POST", headers, body: "{not json" });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: -32700 } });
  });
});
