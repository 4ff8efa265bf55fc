import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { decodePlanBytes } from "../../../src/core/graph/decode-plan-bytes.ts";
import { formatLinkTarget } from "../../../src/core/graph/format-link-target.ts";
import { layoutSubIssues } from "../../../src/core/graph/layout-sub-issues.ts";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import type { SimulationSummary } from "../../../src/sim/simulate/read-simulation-summary.ts";
import { runCaptured } from "../../cli/run-cli.ts";

const FIXTURE = "test/fixtures/documents/spec-kit-155-tasks.md";

describe("foreman simulate on a 155-task Spec Kit plan", () => {
  it("sets it up under one issue per phase, links whole phases where a task waits for all of them, with two replicas and nothing twice", {
    timeout: 1_700_000,
  }, async () => {
    const { code, stdout, stderr } = await runCaptured([
      "simulate",
      FIXTURE,
      "--stop-after",
      "plan",
      "--json",
      "--replicas",
      "2",
      // Two replicas race for every one of the ~700 writes (each lost claim means a pause and a fresh
      // read), on a machine other test runs share: minutes, not seconds.
      "--settle-timeout",
      "1500",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    const graph = parsePlan(decodePlanBytes(await readFile(FIXTURE)).text);
    const layout = layoutSubIssues(graph.tasks, "auto");

    expect(summary.tasks.map((task) => task.id)).toEqual(graph.tasks.map((task) => task.id));
    expect(summary.duplicates).toEqual({ issues: 0, dispatches: 0 });
    // The plan's sub-issues are its seven phase issues, named by their headings.
    expect(summary.links.subIssues).toBe(7);
    expect(summary.links.phases.map((phase) => [phase.phase, phase.title])).toEqual(
      graph.phases.map((phase) => [phase.id, phase.name]),
    );
    // Each task's issue is a sub-issue of its phase's issue.
    for (const phase of summary.links.phases) {
      expect([...phase.tasks].sort()).toEqual(
        graph.phases.find((known) => known.id === phase.phase)?.tasks.sort(),
      );
    }
    const expected = layout.blockers.map(([task, blocker]) => `${task}<${formatLinkTarget(blocker)}`);
    const links = summary.links.blockedBy.map(([task, blocker]) => `${task}<${blocker}`);
    expect(links.sort()).toEqual(expected.sort());
    // The US1 tasks waiting for the whole 54-task Foundational phase wait for its issue: one link each.
    expect(links.filter((link) => link.endsWith("<phase:phase-2"))).toHaveLength(7);
    expect(
      Math.max(...graph.tasks.map((task) => links.filter((link) => link.startsWith(`${task.id}<`)).length)),
    ).toBeLessThanOrEqual(50);
    expect(summary.comments).toEqual({ approval: 1, tracking: 1 });
  });
});
