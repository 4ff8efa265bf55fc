import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { freshListFile, runTodo } from "./support/run-todo.js";

test("add saves the to-do and says which id it got", async () => {
  const file = await freshListFile();
  const result = await runTodo(file, "add", "Buy", "milk");
  assert.equal(result.status, 0);
  assert.equal(result.stdout, "added 1: Buy milk\n");
  assert.deepEqual(JSON.parse(await readFile(file, "utf8")), [{ id: 1, text: "Buy milk", done: false }]);
});

test("list prints each to-do with its id", async () => {
  const file = await freshListFile();
  await runTodo(file, "add", "Buy milk");
  await runTodo(file, "add", "Call Sam");
  const result = await runTodo(file, "list");
  assert.equal(result.stdout, "[ ] 1. Buy milk\n[ ] 2. Call Sam\n");
});

test("list says so when there is nothing to do", async () => {
  const result = await runTodo(await freshListFile(), "list");
  assert.equal(result.stdout, "nothing to do\n");
});

test("an unknown command is a usage error", async () => {
  const result = await runTodo(await freshListFile(), "frobnicate");
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command "frobnicate"/);
});
