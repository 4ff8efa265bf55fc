import { captureCliIo } from "../cli/capture-cli-io.ts";
import type { CliCommand } from "../cli/cli-io.ts";

export type CapturedRun = { code: number; stdout: string; stderr: string };

/**
 * Runs a `foreman` command in-process with its output captured: how the MCP tools call exactly the
 * code a person runs at the terminal, and hand back the same text.
 */
export async function runCapturedCommand(
  command: CliCommand,
  args: string[],
  options: { stdin?: string; cwd: string },
): Promise<CapturedRun> {
  const { io, output } = captureCliIo(options);
  const code = await command.run(args, io);
  return { code, ...output() };
}
