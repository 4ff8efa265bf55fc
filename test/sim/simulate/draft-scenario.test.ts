import { describe, expect, it } from "vitest";
import type { DraftScenarioSummary } from "../../../src/sim/simulate/run-draft-scenario.ts";
import { runCaptured } from "../../cli/run-cli.ts";

describe("foreman simulate --scenario draft", () => {
  it("takes a goal-only issue through questions, answers, a repaired draft and /foreman accept", async () => {
    const { code, stdout } = await runCaptured(["simulate", "--scenario", "draft", "--json"]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as DraftScenarioSummary;
    expect(summary.draft).toEqual({
      issue: summary.plan,
      questions: 3,
      rounds: 2,
      repaired: ["dependency-cycle", "unknown-reference"],
      modelCalls: 3,
      accepted: true,
    });
    expect(summary.tasks.map((task) => [task.id, task.state])).toEqual([
      ["T1", "ready"],
      ["T2", "pending"],
      ["T3", "pending"],
      ["T4", "pending"],
    ]);
    expect(summary.links).toEqual({
      subIssues: 4,
      // Four tasks stay under the plan: no phase issues.
      phases: [],
      blockedBy: [
        ["T2", "T1"],
        ["T3", "T2"],
        ["T4", "T2"],
      ],
    });
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
  });

  it("does the same once when every webhook arrives twice, and prints the summary for people", async () => {
    const { code, stdout } = await runCaptured([
      "simulate",
      "--scenario",
      "draft",
      "--faults",
      "webhooks=dup:1",
      "--seed",
      "3",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Plan #1: 4 task issues, 4 sub-issue links, 3 blocked-by links");
    expect(stdout).toMatch(/Webhooks: \d+ delivered, [1-9]\d* duplicated/);
    expect(stdout).toContain("Duplicates: 0 issues, 0 dispatches");
    expect(stdout).toContain(
      "Planner: issue #1, 3 questions, 2 draft rounds (repaired: dependency-cycle, unknown-reference), 3 model calls, accepted and started",
    );
  });

  it("refuses an unknown scenario", async () => {
    const { code, stderr } = await runCaptured(["simulate", "--scenario", "launch"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--scenario: 'launch' is not a scenario; the scenarios: draft");
  });
});
