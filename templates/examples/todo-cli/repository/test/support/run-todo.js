import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli.js";

/** A list file of its own for one test, in a fresh temporary directory. */
export async function freshListFile() {
  return join(await mkdtemp(join(tmpdir(), "todo-test-")), "todos.json");
}

/**
 * Runs `todo ...args` in-process against `file`, on a fixed day so that no test depends on the date it
 * runs. Returns the exit status and what was printed.
 */
export async function runTodo(file, ...args) {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    file,
    today: "2026-12-01",
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
  });
  return { status, stdout, stderr };
}
