import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SimulatedTask, SimulationSummary } from "../../src/sim/simulate/read-simulation-summary.ts";
import { runCaptured } from "../cli/run-cli.ts";

const PLAN = `# Greetings

- [ ] T1 Add the greeting module
  Files: src/greet.js
- [ ] T2 Add the farewell module
  Files: src/farewell.js
- [ ] T3 Use both in the CLI
  Depends on: T1, T2
  Files: src/cli.js
`;

/** What every task that ends done must show on GitHub: one merged PR, green required checks on its head. */
function expectLanded(task: SimulatedTask) {
  expect(task.state, task.id).toBe("done");
  expect(task.merged, task.id).toBe(true);
  expect(task.mergeSha, task.id).toMatch(/^[0-9a-f]{40}$/);
  expect(task.verifiedBy, task.id).toEqual([{ check: "test", conclusion: "success" }]);
}

/**
 * The whole loop through the command users run: dispatch, the job (the installed workflow, the real
 * Action, the real Claude Code binary), the local CI as the required check, feedback, retry, merge.
 */
describe("foreman simulate … --agent: the loop to the end", () => {
  it("retries every broken first attempt with the failure as feedback, while webhooks are lost, doubled and reordered", {
    timeout: 900_000,
  }, async () => {
    const file = join(tmpdir(), `engine-loop-${process.pid}.md`);
    await writeFile(file, PLAN);
    const { code, stdout, stderr } = await runCaptured([
      "simulate",
      file,
      "--agent",
      "synthetic:fail=1,seed=3",
      "--faults",
      "webhooks=dup:0.3,drop:0.3,reorder:0.2",
      "--seed",
      "2",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    expect(summary.webhooks.dropped).toBeGreaterThan(0);
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
    for (const task of summary.tasks) {
      expectLanded(task);
      // fail=1: every first attempt breaks the suite; the second, told why, repairs it.
      expect(task.attempts.map((attempt) => attempt.n)).toEqual([1, 2]);
      expect(task.attempts[0]?.feedback?.headline).toMatch(
        /attempt 1 failed — required checks failed: `test`/,
      );
      expect(task.attempts[1]?.feedback).toBeNull();
      expect(task.cost.tokens).toBeGreaterThan(0);
    }
    const t3 = summary.tasks.find((task) => task.id === "T3");
    const blockers = summary.tasks.filter((task) => task.id !== "T3");
    // T3 waits for both its dependencies to merge before its first attempt is dispatched.
    for (const blocker of blockers)
      expect(Date.parse(t3?.attempts[0]?.dispatchedAt ?? "")).toBeGreaterThanOrEqual(
        Date.parse(blocker.mergedAt ?? ""),
      );
    expect(summary.budget.tokens).toBe(summary.tasks.reduce((total, task) => total + task.cost.tokens, 0));
  });

  it("npm run demo: the example ends 5/5, T4 after CI caught its first attempt", {
    timeout: 900_000,
  }, async () => {
    const { code, stdout, stderr } = await runCaptured([
      "simulate",
      "templates/examples/todo-cli",
      "--agent",
      "replay",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    expect(summary.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
    for (const task of summary.tasks) expectLanded(task);
    const t4 = summary.tasks.find((task) => task.id === "T4");
    expect(t4?.attempts).toHaveLength(2);
    expect(t4?.attempts[0]?.feedback?.headline).toMatch(/required checks failed/);
    expect(summary.tasks.filter((task) => task.id !== "T4").every((task) => task.attempts.length === 1)).toBe(
      true,
    );
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
  });
});
