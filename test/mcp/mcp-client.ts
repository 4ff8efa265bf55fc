import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * The MCP SDK's own client talking to `node bin/foreman.js mcp` over stdio, as Claude Code runs it:
 * a separate process with only the environment given here.
 */
export async function connectMcpClient(options: { env?: Record<string, string>; args?: string[] } = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["bin/foreman.js", "mcp", ...(options.args ?? [])],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...options.env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "foreman-test", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    /** calls a tool and returns its result as the SDK gives it */
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

export type McpTestClient = Awaited<ReturnType<typeof connectMcpClient>>;

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}
