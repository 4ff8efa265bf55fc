import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpServer, type McpServerOptions } from "./create-mcp-server.ts";

export const MCP_PATH = "/mcp";
/** A plan of a few MB as JSON, with room; anything larger is refused before it is parsed. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The streamable HTTP transport on 127.0.0.1 only, stateless: each POST gets a fresh server and
 * transport, so no session outlives its request. Host headers other than this address are refused
 * (DNS rebinding), since the tools act with the GITHUB_TOKEN of whoever started the server.
 */
export async function serveMcpHttp(
  port: number,
  options: McpServerOptions,
): Promise<{ url: string; close: () => Promise<void> }> {
  let allowedHosts: string[] = [];
  const server: Server = createServer((request, response) => {
    void handle(request, response, allowedHosts, options).catch(() => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: null }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${bound}`, `localhost:${bound}`];
  return {
    url: `http://127.0.0.1:${bound}${MCP_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  allowedHosts: string[],
  options: McpServerOptions,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
  if (path !== MCP_PATH) return reject(response, 404, `Not found: the MCP endpoint is ${MCP_PATH}`);
  if (request.method !== "POST")
    return reject(response, 405, "Method not allowed: this server is stateless, POST only");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return reject(response, 413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return reject(response, 400, "Parse error: the body is not JSON", -32700);
  }
  const mcp = await createMcpServer(options);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableDnsRebindingProtection: true,
    allowedHosts,
  });
  response.on("close", () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(request, response, body);
}

function reject(response: ServerResponse, status: number, message: string, code = -32000): void {
  response.writeHead(status, {
    "content-type": "application/json",
    ...(status === 405 ? { allow: "POST" } : {}),
  });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}
