import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freshListFile } from "./support/run-todo.js";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../bin/todo.js", import.meta.url));

test("the todo binary keeps the list in TODO_FILE between runs", async () => {
  const env = { ...process.env, TODO_FILE: await freshListFile() };
  await run(process.execPath, [bin, "add", "Buy milk"], { env });
  const { stdout } = await run(process.execPath, [bin, "list"], { env });
  assert.equal(stdout, "[ ] 1. Buy milk\n");
});
