import { parseArgs } from "node:util";
import { CliFailure } from "./cli-failure.ts";
import { type CliCommand, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { GITHUB_OPTIONS, GITHUB_OPTIONS_USAGE } from "./read-github-options.ts";
import { runGuarded } from "./run-guarded.ts";

const MCP_USAGE = `Usage: foreman mcp [--http PORT] [--api-url URL] [--app SLUG]

An MCP server (Model Context Protocol) with Foreman's commands as tools, on stdin/stdout; for
Claude Code: \`claude mcp add foreman -- npx foreman mcp\`.
  validate_plan, convert_plan, simulate_plan                  no token needed
  start_plan, plan_status, task_report, control_plan          with GITHUB_TOKEN
Resources: the task-format reference and the JSON Schema of the task graph.
  --http PORT     serve the streamable HTTP transport on http://127.0.0.1:PORT/mcp instead (0: any port)
${GITHUB_OPTIONS_USAGE}
Exit status: 0 after the client disconnects or Ctrl-C, 1 when the port is taken, 2 usage error.`;

export const mcpCommand: CliCommand = {
  summary: "serve Foreman's commands as MCP tools (stdio, or --http PORT) for Claude Code and other clients",
  usage: MCP_USAGE,
  run: (args, io) =>
    runGuarded("mcp", MCP_USAGE, io, async () => {
      const { values } = parseArgs({
        args,
        options: { ...GITHUB_OPTIONS, http: { type: "string" } },
        allowPositionals: false,
        strict: true,
      });
      const port = values.http === undefined ? null : Number(values.http);
      if (values.http !== undefined && (!/^\d+$/.test(values.http) || (port ?? 0) > 65535)) {
        throw new CliFailure(`--http wants a port from 0 to 65535, got '${values.http}'`, EXIT_USAGE);
      }
      const options = {
        cwd: io.cwd,
        env: process.env,
        ...(values["api-url"] === undefined ? {} : { apiUrl: values["api-url"] }),
        ...(values.app === undefined ? {} : { appSlug: values.app }),
      };
      let stop: () => void = () => {};
      const stopped = new Promise<void>((resolve) => {
        stop = resolve;
      });
      io.onStop(() => stop());
      if (port !== null) {
        const { serveMcpHttp } = await import("../mcp/serve-mcp-http.ts");
        let served: Awaited<ReturnType<typeof serveMcpHttp>>;
        try {
          served = await serveMcpHttp(port, options);
        } catch (error) {
          throw new CliFailure(
            `cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : error}`,
          );
        }
        // stdout is free here (the HTTP transport does not use it): say where to connect.
        io.stdout(`Foreman MCP server listening on ${served.url}\n`);
        await stopped;
        await served.close();
        return EXIT_OK;
      }
      const { createMcpServer } = await import("../mcp/create-mcp-server.ts");
      const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
      const server = await createMcpServer(options);
      const transport = new StdioServerTransport();
      transport.onclose = () => stop();
      process.stdin.once("end", () => stop());
      await server.connect(transport);
      await stopped;
      await server.close();
      return EXIT_OK;
    }),
};
