#!/usr/bin/env node
// Runs the JavaScript built from src/ (`npm run build`, run by `npm ci` through `prepare`): no TypeScript is
// transpiled at start-up.
// The local GitHub package ships TypeScript sources; tsx loads them when `emulator` or `simulate` needs them.
// Commands that only read a plan never touch it, so they skip tsx's start-up; the help lists every command,
// `simulate` and `emulator` included, so it needs tsx too.
const PURE_COMMANDS = new Set(["plan", "validate", "--version", "-v", "-V", "version"]);
if (!PURE_COMMANDS.has(process.argv[2] ?? "help")) (await import("tsx/esm/api")).register();
let cli;
try {
  cli = await import("../dist/cli.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli.js")) throw error;
  process.stderr.write("foreman: the built code is missing; run `npm run build` (npm ci runs it too).\n");
  process.exit(2);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
