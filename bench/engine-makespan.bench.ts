// `npm run bench:engine` (part): 200 random plans (20–100 tasks, random durations and Files, concurrency 3)
// run to the end by the real engine decisions against a model of GitHub, beside a first-in-first-out
// scheduler under the same rules. Prints `bench: makespan plans=200 ratio=<Foreman/lower bound> fifo=<FIFO/lower bound>`,
// means over the plans; lower bound = max(critical path, total work / concurrency). Targets: ratio ≤ 1.05, below fifo.
import { REPORT_TASK } from "../src/core/engine/engine-reads.ts";
import { pathsOverlap } from "../src/core/engine/paths-overlap.ts";
import { mulberry32, runWorld, World, type WorldTask } from "../test/core/engine/engine-world.ts";

const PLANS = Number(process.env.ENGINE_BENCH_PLANS ?? 200);
const CONCURRENCY = 3;
const TARGET_RATIO = 1.05;
const MINUTE = 60_000;

function randomPlan(random: () => number): WorldTask[] {
  const size = 20 + Math.floor(random() * 81);
  const files = Array.from({ length: size * 2 }, (_, index) => `src/module-${index}.ts`);
  return Array.from({ length: size }, (_, index) => {
    const deps = new Set<string>();
    const wanted = Math.floor(random() * 3);
    for (let pick = 0; pick < wanted && index > 0; pick++) deps.add(`T${1 + Math.floor(random() * index)}`);
    const touched = new Set<string>();
    const fileCount = Math.floor(random() * 3);
    for (let pick = 0; pick < fileCount; pick++)
      touched.add(files[Math.floor(random() * files.length)] ?? "");
    return {
      id: `T${index + 1}`,
      deps: [...deps],
      files: [...touched],
      durationMs: (5 + Math.floor(random() * 56)) * MINUTE,
    };
  });
}

function lowerBound(tasks: readonly WorldTask[]): number {
  const finish = new Map<string, number>();
  for (const task of tasks) {
    const start = Math.max(0, ...task.deps.map((dep) => finish.get(dep) ?? 0));
    finish.set(task.id, start + task.durationMs);
  }
  const total = tasks.reduce((sum, task) => sum + task.durationMs, 0);
  return Math.max(Math.max(...finish.values()), total / CONCURRENCY);
}

/** First come, first served: ready tasks in document order, same concurrency and Files locks. */
function fifoMakespan(tasks: readonly WorldTask[]): number {
  const done = new Set<string>();
  const running: { task: WorldTask; end: number }[] = [];
  let now = 0;
  while (done.size < tasks.length) {
    for (const task of tasks) {
      if (running.length >= CONCURRENCY) break;
      if (done.has(task.id) || running.some((entry) => entry.task.id === task.id)) continue;
      if (!task.deps.every((dep) => done.has(dep))) continue;
      const locked = running.some((entry) =>
        entry.task.files.some((file) => task.files.some((own) => pathsOverlap(file, own))),
      );
      if (!locked) running.push({ task, end: now + task.durationMs });
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift();
    if (!next) throw new Error("FIFO schedule stuck");
    now = next.end;
    done.add(next.task.id);
  }
  return now;
}

function foremanMakespan(tasks: WorldTask[], seed: number): number {
  const world = new World({ tasks, seed, ciMs: 0, queueMs: 0, config: { concurrency: CONCURRENCY } });
  const start = world.now;
  runWorld(world, { seed });
  const merges = world.log.merges.filter((merge) => merge.task !== REPORT_TASK);
  if (merges.length !== tasks.length)
    throw new Error(`plan ${seed}: ${merges.length} of ${tasks.length} tasks merged`);
  if (world.log.violations.length > 0) throw new Error(`plan ${seed}: ${world.log.violations[0]}`);
  return Math.max(...merges.map((merge) => merge.at)) - start;
}

const random = mulberry32(2026);
let ratioSum = 0;
let fifoSum = 0;
const started = performance.now();
for (let plan = 0; plan < PLANS; plan++) {
  const tasks = randomPlan(random);
  const bound = lowerBound(tasks);
  ratioSum += foremanMakespan(tasks, plan + 1) / bound;
  fifoSum += fifoMakespan(tasks) / bound;
}
const ratio = ratioSum / PLANS;
const fifo = fifoSum / PLANS;
const verdict = ratio <= TARGET_RATIO && ratio < fifo ? "ok" : "OVER TARGET";
console.log(
  `bench: makespan plans=${PLANS} ratio=${ratio.toFixed(3)} fifo=${fifo.toFixed(3)} target<=${TARGET_RATIO} ${verdict} (${Math.round(performance.now() - started)} ms)`,
);
