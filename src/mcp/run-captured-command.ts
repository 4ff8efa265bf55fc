import type { CliCommand, CliIo } from "../cli/cli-io.ts";

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
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    cwd: options.cwd,
    onStop: () => {},
  };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}
