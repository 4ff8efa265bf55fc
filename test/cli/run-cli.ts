import type { CliIo } from "../../src/cli/cli-io.ts";
import { runCli } from "../../src/cli.ts";

/** Runs the CLI in-process with captured output, as a person at a terminal would see it. */
export async function runCaptured(args: string[], options: { stdin?: string; cwd?: string } = {}) {
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
    cwd: options.cwd ?? process.cwd(),
    onStop: () => {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
