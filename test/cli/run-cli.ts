import { captureCliIo } from "../../src/cli/capture-cli-io.ts";
import { runCli } from "../../src/cli.ts";

/** Runs the CLI in-process with captured output, as a person at a terminal would see it. */
export async function runCaptured(args: string[], options: { stdin?: string; cwd?: string } = {}) {
  const { io, output } = captureCliIo({ ...options, cwd: options.cwd ?? process.cwd() });
  const code = await runCli(args, io);
  return { code, ...output() };
}
