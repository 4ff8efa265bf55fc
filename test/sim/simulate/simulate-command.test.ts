import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { transitiveReduction } from "../../../src/core/graph/transitive-reduction.ts";
import type { SimulationSummary } from "../../../src/sim/simulate/read-simulation-summary.ts";
import { runCaptured } from "../../cli/run-cli.ts";
import { SEED_002 } from "../../core/plan/plan-fixtures.ts";

const SEED_FILE = "test/fixtures/seeds/002_277688318b383d8f.txt";

describe("foreman simulate FILE --stop-after plan", () => {
  it("prints one JSON object read back from the local GitHub: 30 tasks, their links, the cost", {
    timeout: 180_000,
  }, async () => {
    const { code, stdout } = await runCaptured(["simulate", SEED_FILE, "--stop-after", "plan", "--json"]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    const tasks = parsePlan(SEED_002).tasks;
    expect(summary.plan).toBe(1);
    expect(summary.tasks.map((task) => task.id)).toEqual(tasks.map((task) => task.id));
    expect(new Set(summary.tasks.map((task) => task.issue)).size).toBe(30);
    expect(summary.tasks[0]).toEqual({
      id: "T001",
      issue: summary.tasks[0]?.issue,
      state: "ready",
      attempts: [],
      pr: null,
      merged: false,
      mergedAt: null,
      mergeSha: null,
      verifiedBy: [],
      cost: { usd: 0, tokens: 0 },
    });
    expect(summary.links.subIssues).toBe(30);
    const expected = transitiveReduction(tasks).map(([task, blocker]) => `${task}<${blocker}`);
    expect(summary.links.blockedBy.map(([task, blocker]) => `${task}<${blocker}`).sort()).toEqual(
      expected.sort(),
    );
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
    expect(summary.requests.total).toBe(summary.requests.reads + summary.requests.writes);
    expect(summary.requests.byOperation["issues/create"]).toBe(31);
    expect(summary.webhooks).toEqual({ delivered: expect.any(Number), duplicated: 0, dropped: 0 });
    expect(summary.comments).toEqual({ approval: 1, tracking: 1 });
    expect(Object.keys(summary)).toEqual([
      "plan",
      "tasks",
      "budget",
      "links",
      "requests",
      "webhooks",
      "duplicates",
      "comments",
      "problems",
    ]);
  });

  it("creates nothing twice when every webhook arrives twice", async () => {
    const { code, stdout } = await runCaptured([
      "simulate",
      "examples/plan.md",
      "--stop-after",
      "plan",
      "--json",
      "--faults",
      "webhooks=dup:1",
      "--seed",
      "7",
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    expect(summary.webhooks.duplicated).toBeGreaterThan(0);
    expect(summary.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4"]);
    expect(summary.duplicates.issues).toBe(0);
    expect(summary.links.blockedBy).toEqual([
      ["T3", "T1"],
      ["T3", "T2"],
      ["T4", "T3"],
    ]);
  });

  it("sets the plan up fully while the API fails now and then, reading again after a refused write", async () => {
    const { code, stdout } = await runCaptured([
      "simulate",
      "examples/plan.md",
      "--stop-after",
      "plan",
      "--json",
      "--faults",
      "api=5xx:0.1,ratelimit:0.03",
      "--seed",
      "2",
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    expect(summary.tasks.map((task) => [task.id, task.state])).toEqual([
      ["T1", "ready"],
      ["T2", "ready"],
      ["T3", "pending"],
      ["T4", "pending"],
    ]);
    expect(summary.links.subIssues).toBe(4);
    expect(summary.links.blockedBy).toHaveLength(3);
    expect(summary.duplicates.issues).toBe(0);
  });

  it("prints a readable summary without --json", async () => {
    const { code, stdout } = await runCaptured(["simulate", "examples/plan.md", "--stop-after", "plan"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Plan #1: 4 task issues, 4 sub-issue links, 3 blocked-by links\n {2}T1 +#\d+ +ready/,
    );
    expect(stdout).toContain("Duplicates: 0 issues, 0 dispatches");
  });

  it("exits 1 with the problems of an invalid plan, and starts nothing", async () => {
    const file = join(tmpdir(), `foreman-invalid-${process.pid}.md`);
    await writeFile(file, "# Plan\n\n### T1: First\n**Depends on**: T9\n");
    const { code, stdout, stderr } = await runCaptured(["simulate", file, "--stop-after", "plan", "--json"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/:4:\d+: error: .*T9/);
  });

  it("exits 2 on a stage that does not exist yet or a bad fault spec", async () => {
    expect((await runCaptured(["simulate", "examples/plan.md", "--stop-after", "land"])).code).toBe(2);
    expect((await runCaptured(["simulate", "examples/plan.md", "--replicas", "9"])).code).toBe(2);
    expect((await runCaptured(["simulate", "examples/plan.md", "--settle-timeout", "soon"])).code).toBe(2);
    const faults = await runCaptured(["simulate", "examples/plan.md", "--faults", "api=boom:1"]);
    expect(faults.code).toBe(2);
    expect(faults.stderr).toContain("--faults:");
  });

  it("exits 1 and says why when Foreman creates nothing: the plan adopts issues that do not exist", async () => {
    const file = join(tmpdir(), `foreman-adopts-${process.pid}.md`);
    await writeFile(file, "# Plan\n\n- [ ] #4242 Fix it\n- [ ] T2 Docs\n");
    const { code, stderr } = await runCaptured(["simulate", file, "--stop-after", "plan", "--json"]);
    expect(code).toBe(1);
    expect(stderr).toContain("foreman simulate: nothing was created; Foreman did not start the plan:");
    expect(stderr).toContain("adopts #4242, which does not exist in this repository");
  });

  it("refuses a plan no GitHub issue could hold with a clear error, before starting anything", async () => {
    const file = join(tmpdir(), `foreman-huge-${process.pid}.md`);
    await writeFile(file, `# Plan\n\n### T1: Big\n${"x".repeat(10 * 1024 * 1024)}\n`);
    const { code, stdout, stderr } = await runCaptured(["simulate", file, "--stop-after", "plan"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /is 10,485,\d{3} bytes; a plan must fit a GitHub issue body \(65,536 characters\)/,
    );
    expect(stderr).not.toContain("    at ");
  });

  it("exits 3 and says what is missing when the settle limit ends the run early", async () => {
    const { code, stderr } = await runCaptured([
      "simulate",
      SEED_FILE,
      "--stop-after",
      "plan",
      "--settle-timeout",
      "0.5",
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain("foreman simulate: the plan is incomplete:");
    expect(stderr).toContain("a longer --settle-timeout may let it finish");
  });

  it("sets up one plan with two and three replicas that each get every delivery", {
    timeout: 300_000,
  }, async () => {
    for (const replicas of ["2", "3"]) {
      const { code, stdout } = await runCaptured([
        "simulate",
        "examples/plan.md",
        "--stop-after",
        "plan",
        "--json",
        "--replicas",
        replicas,
        "--faults",
        "api=applied5xx:0.05;webhooks=dup:0.3,reorder:0.2",
        "--seed",
        "3",
      ]);
      expect(code, `${replicas} replicas`).toBe(0);
      const summary = JSON.parse(stdout) as SimulationSummary;
      expect(summary.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4"]);
      expect(summary.links.subIssues).toBe(4);
      expect(summary.comments).toEqual({ approval: 1, tracking: 1 });
      expect(summary.duplicates.issues).toBe(0);
    }
  });
});
