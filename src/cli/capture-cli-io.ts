import type { CliIo } from "./cli-io.ts";

/**
 * A terminal that keeps what a command prints: how the MCP tools and the tests run exactly the code a
 * person runs, and read the same text back.
 */
export function captureCliIo(options: { stdin?: string; cwd: string }): {
  io: CliIo;
  output: () => { stdout: string; stderr: string };
} {
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
  return { io, output: () => ({ stdout, stderr }) };
}
