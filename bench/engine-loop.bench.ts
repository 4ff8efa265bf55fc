// `npm run bench` (part): seed 002 (30 tasks) run to the end in the simulator with the synthetic agent —
// the real app, the installed task workflow, the real Action and Claude Code, the local CI — then every
// webhook of the run delivered once more. Prints
//   bench: api-per-task reads=<per task> writes=<per task> replay-writes=<writes after the replay>
//   bench: first-dispatch writes=<app writes before the first workflow_dispatch>
//   bench: reaction p50=<ms> p95=<ms> merge-p50=<ms> dispatch-p50=<ms>
// Reaction: from a required check's completion reaching the app to the merge request, and from a merge to
// the dispatch of a task it unblocked. Targets: replay-writes 0, first-dispatch ≤ 6.
import { readFile } from "node:fs/promises";
import type { EmulatorDelivery, RequestLogEntry } from "@foreman/local-github";
import { parsePlan } from "../src/core/graph/parse-plan.ts";
import { parseAgentChoice } from "../src/sim/simulate/agents/parse-agent-choice.ts";
import { runSimulation, type SimulationAftermath } from "../src/sim/simulate/run-simulation.ts";

const SEED = new URL("../../shared/seeds/002_277688318b383d8f.txt", import.meta.url);
const FIRST_DISPATCH_TARGET = 6;
const REQUIRED_CHECK = "test";

const markdown = await readFile(SEED, "utf8");
const tasks = parsePlan(markdown).tasks;
type Measured = { replayWrites: number; log: RequestLogEntry[]; deliveries: EmulatorDelivery[] };
const measurements: Measured[] = [];
const summary = await runSimulation({
  planMarkdown: markdown,
  taskOrder: tasks.map((task) => task.id),
  settleTimeoutMs: 1_800_000,
  agent: {
    agent: parseAgentChoice("synthetic:fail=0,seed=1"),
    tasks: new Map(tasks.map((task) => [task.id, task])),
    env: process.env,
  },
  inspect: async (world: SimulationAftermath) => {
    const log = world.emulator.requestLog();
    const deliveries = world.emulator.deliveries();
    const before = world.emulator.stats().requests.writes;
    for (const delivery of deliveries.filter((entry) => !entry.redelivery && !entry.duplicate))
      await world.emulator.redeliver(delivery.id);
    await world.settle();
    measurements.push({ replayWrites: world.emulator.stats().requests.writes - before, log, deliveries });
  },
});
const [measured] = measurements;
if (!measured) throw new Error("the simulation ended before it could be measured");
const { replayWrites, log, deliveries } = measured;
const done = summary.tasks.filter((task) => task.state === "done").length;
if (done !== tasks.length) console.error(`bench: warning: ${done}/${tasks.length} tasks done`);

const isWrite = (entry: RequestLogEntry) => entry.method !== "GET" && entry.method !== "HEAD";
const byApp = (entry: RequestLogEntry) => entry.caller?.endsWith("[bot]") === true;
const reads = log.filter((entry) => !isWrite(entry) && byApp(entry)).length;
const writes = log.filter((entry) => isWrite(entry) && byApp(entry)).length;
console.log(
  `bench: api-per-task reads=${(reads / tasks.length).toFixed(1)} writes=${(writes / tasks.length).toFixed(1)} replay-writes=${replayWrites} target=0`,
);

const firstDispatch = log.findIndex((entry) => entry.operationId === "actions/create-workflow-dispatch");
const writesBefore = log
  .slice(0, Math.max(firstDispatch, 0))
  .filter((entry) => isWrite(entry) && byApp(entry));
console.log(
  `bench: first-dispatch writes=${writesBefore.length} target<=${FIRST_DISPATCH_TARGET} (${writesBefore.map((entry) => entry.operationId).join(", ")})`,
);

// Check completion → merge request, per PR head: the first delivery saying the required check completed,
// to the first merge request of that PR after it.
const headOfPull = new Map<number, string>();
for (const delivery of deliveries) {
  const pull = (delivery.payload as { pull_request?: { number: number; head: { sha: string } } })
    .pull_request;
  if (pull) headOfPull.set(pull.number, pull.head.sha);
}
const checkDone = new Map<string, number>();
for (const delivery of deliveries) {
  const run = (
    delivery.payload as { check_run?: { name: string; head_sha: string; conclusion: string | null } }
  ).check_run;
  if (delivery.event !== "check_run" || delivery.action !== "completed" || run?.name !== REQUIRED_CHECK)
    continue;
  if (run.conclusion === "success" && !checkDone.has(run.head_sha))
    checkDone.set(run.head_sha, delivery.sentAt);
}
const mergeDelays: number[] = [];
const mergedAt = new Map<number, number>();
for (const entry of log) {
  const match = /\/pulls\/(\d+)\/merge$/.exec(entry.path);
  if (!match || entry.method !== "PUT" || entry.status !== 200) continue;
  const pull = Number(match[1]);
  mergedAt.set(pull, entry.at);
  const head = headOfPull.get(pull);
  const completed = head === undefined ? undefined : checkDone.get(head);
  if (completed !== undefined && entry.at >= completed) mergeDelays.push(entry.at - completed);
}
// Merge → dispatch: each dispatch answered in order created the next workflow run, so the i-th dispatch
// is the run with the i-th smallest id; a task's first run is then timed against its last blocker's merge.
const dispatchedAt = new Map<number, number>();
const dispatches = log.filter(
  (entry) => entry.operationId === "actions/create-workflow-dispatch" && entry.status < 300,
);
const runIds = summary.tasks
  .flatMap((task) => task.attempts.map((attempt) => attempt.run))
  .filter((run): run is number => run !== null)
  .sort((a, b) => a - b);
runIds.forEach((run, index) => {
  const dispatch = dispatches[index];
  if (dispatch) dispatchedAt.set(run, dispatch.at);
});
const pullOfTask = new Map(summary.tasks.map((task) => [task.id, task.pr]));
const dispatchReaction: number[] = [];
for (const task of tasks) {
  const firstRun = summary.tasks.find((candidate) => candidate.id === task.id)?.attempts[0]?.run ?? null;
  const started = firstRun === null ? undefined : dispatchedAt.get(firstRun);
  const blockers = task.deps.map((dep) => mergedAt.get(pullOfTask.get(dep.id) ?? -1));
  if (started === undefined || blockers.length === 0 || blockers.some((time) => time === undefined)) continue;
  const unblocked = Math.max(...(blockers as number[]));
  if (started >= unblocked) dispatchReaction.push(started - unblocked);
}
const all = [...mergeDelays, ...dispatchReaction];
console.log(
  `bench: reaction p50=${percentile(all, 0.5)} p95=${percentile(all, 0.95)} ms merge-p50=${percentile(mergeDelays, 0.5)} dispatch-p50=${percentile(dispatchReaction, 0.5)} (${mergeDelays.length} merges, ${dispatchReaction.length} dispatches)`,
);

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
