// `npm run bench`: how long `foreman` takes to start, as a ratio to a bare `node -e 0` started the same way
// in the same run (so the machine's speed cancels out). Prints `bench: cli-startup <ms> ms ratio=<x>`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const TARGET_RATIO = 3;
const ROUNDS = 15;
const root = join(import.meta.dirname, "..");
const foreman = join(root, "bin/foreman.js");

function time(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
  return performance.now() - start;
}

/** Alternating rounds; the fastest of each is its time, as other work on the machine only adds. */
function fastest(runs: Record<string, string[]>): Record<string, number> {
  const best: Record<string, number> = Object.fromEntries(Object.keys(runs).map((name) => [name, Infinity]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, args] of Object.entries(runs))
      best[name] = Math.min(best[name] ?? Infinity, time(args));
  return best;
}

const times = fastest({
  node: ["-e", "0"],
  version: [foreman, "--version"],
  validate: [foreman, "validate", join(root, "examples/plan.md")],
});
const node = times.node ?? Number.NaN;
const version = times.version ?? Number.NaN;
const ratio = version / node;
console.log(`bench: cli-startup ${version.toFixed(1)} ms ratio=${ratio.toFixed(2)}`);
console.log(
  `  foreman --version against node -e 0 (${node.toFixed(1)} ms); foreman validate examples/plan.md ${(times.validate ?? Number.NaN).toFixed(1)} ms; target ratio ≤ ${TARGET_RATIO}`,
);
if (ratio > TARGET_RATIO) {
  console.error("bench: cli-startup over target");
  process.exitCode = 1;
}
