#!/usr/bin/env node
import { homedir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli.js";

const file = process.env.TODO_FILE ?? join(homedir(), ".todos.json");
const today = new Date().toISOString().slice(0, 10);
process.exitCode = await runCli(process.argv.slice(2), {
  file,
  today,
  stdout: process.stdout,
  stderr: process.stderr,
});
