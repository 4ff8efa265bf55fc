import { describe, expect, it } from "vitest";
import type { SimulationSummary } from "../../../src/sim/simulate/read-simulation-summary.ts";
import { runCaptured } from "../../cli/run-cli.ts";

// Its own file: run after the other simulate tests in one module, it ended incomplete (under investigation).
describe("foreman simulate with replicas", () => {
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
