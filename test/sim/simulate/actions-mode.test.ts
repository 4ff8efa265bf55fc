import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { transitiveReduction } from "../../../src/core/graph/transitive-reduction.ts";
import type { SimulationSummary } from "../../../src/sim/simulate/read-simulation-summary.ts";
import { runCaptured } from "../../cli/run-cli.ts";

const POWERS_PLAN = `# Powers and roots

### T1: Power function
Add \`power(base, exponent)\`.

**Files**: src/power.js

### T2: Square root
Add \`squareRoot(x)\` and document it.

Depends on: T1

**Files**: src/root.js, README.md
`;

describe("foreman simulate --mode actions", () => {
  it("sets the plan up with no app at all: the local GitHub runs templates/workflows/foreman.yml and the Action's reconcile on each event", {
    timeout: 240_000,
  }, async () => {
    const { code, stdout, stderr } = await runCaptured([
      "simulate",
      "examples/plan.md",
      "--mode",
      "actions",
      "--stop-after",
      "plan",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    const tasks = parsePlan(await readFile("examples/plan.md", "utf8")).tasks;
    expect(summary.tasks.map((task) => task.id)).toEqual(tasks.map((task) => task.id));
    expect(summary.tasks.map((task) => task.state)).toEqual(
      tasks.map((task) => (task.deps.length === 0 ? "ready" : "pending")),
    );
    expect(summary.links.subIssues).toBe(tasks.length);
    expect(summary.links.blockedBy.map(([task, blocker]) => `${task}<${blocker}`).sort()).toEqual(
      transitiveReduction(tasks)
        .map(([task, blocker]) => `${task}<${blocker}`)
        .sort(),
    );
    // Nobody hears a webhook: every write came from a workflow run with the App's token.
    expect(summary.webhooks).toEqual({ delivered: 0, duplicated: 0, dropped: 0 });
    expect(summary.requests.byOperation["apps/create-installation-access-token"]).toBeGreaterThan(0);
    // The runs its own writes started (App-token events do start runs) created nothing twice.
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
    expect(summary.requests.byOperation["issues/create"]).toBe(tasks.length + 1);
    expect(summary.comments).toEqual({ approval: 1, tracking: 1 });
    // With the engine off (FOREMAN_ENGINE=off), no task was dispatched.
    expect(summary.requests.byOperation["actions/create-workflow-dispatch"]).toBeUndefined();
  });

  it("runs a plan to the end with no app: each attempt a task workflow run, a broken first attempt retried, both merged in order", {
    timeout: 900_000,
  }, async () => {
    const directory = await mkdtemp(join(tmpdir(), "foreman-actions-"));
    try {
      const planFile = join(directory, "powers.md");
      await writeFile(planFile, POWERS_PLAN);
      const { code, stdout, stderr } = await runCaptured([
        "simulate",
        planFile,
        "--agent",
        "synthetic:fail=1,seed=3",
        "--mode",
        "actions",
        "--json",
      ]);
      expect(code, stderr).toBe(0);
      const summary = JSON.parse(stdout) as SimulationSummary;
      expect(summary.webhooks).toEqual({ delivered: 0, duplicated: 0, dropped: 0 });
      expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
      // Every first attempt breaks a test; the red check reaches Foreman through the events its runs
      // cause and the scheduled resync, and the retry repairs it.
      expect(summary.tasks.map((task) => [task.id, task.state, task.attempts.length, task.merged])).toEqual([
        ["T1", "done", 2, true],
        ["T2", "done", 2, true],
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("exits 2 on an unknown mode, and on replicas where there is no app to copy", async () => {
    const unknown = await runCaptured(["simulate", "examples/plan.md", "--mode", "lambda"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--mode must be app or actions, got 'lambda'");
    const replicas = await runCaptured([
      "simulate",
      "examples/plan.md",
      "--mode",
      "actions",
      "--replicas",
      "2",
    ]);
    expect(replicas.code).toBe(2);
    expect(replicas.stderr).toContain("no app to copy");
  });
});
