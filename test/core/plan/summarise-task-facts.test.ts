import { describe, expect, it } from "vitest";
import { summariseTaskFacts } from "../../../src/core/plan/summarise-task-facts.ts";
import type { CheckRunFact, RunConclusion } from "../../../src/core/plan/task-facts.ts";
import { taskFacts } from "./plan-fixtures.ts";

const open = { number: 9, state: "open" as const, merged: false, headSha: "head" };
const run = (
  status: CheckRunFact["status"],
  conclusion: RunConclusion | null,
  headSha = "head",
): CheckRunFact => ({
  id: Math.random(),
  name: "ci",
  appId: null,
  headSha,
  status,
  conclusion,
  url: "u",
  startedAt: null,
  completedAt: null,
  title: null,
  summary: null,
});

describe("summariseTaskFacts", () => {
  it.each([
    { runs: [], checks: null },
    {
      runs: [run("completed", "success"), run("completed", "skipped"), run("completed", "neutral")],
      checks: "success",
    },
    { runs: [run("completed", "success"), run("in_progress", null)], checks: "pending" },
    { runs: [run("completed", "success"), run("completed", "timed_out")], checks: "failure" },
    { runs: [run("queued", null), run("completed", "cancelled")], checks: "failure" },
    { runs: [run("completed", "failure", "older-head")], checks: null },
  ] as const)("reads $checks from the check runs on the open PR's head", ({ runs, checks }) => {
    const facts = {
      ...taskFacts("T1", { attempts: 1, running: false, pr: open, checks: null }),
      checkRuns: [...runs],
    };
    expect(summariseTaskFacts(facts).checks).toBe(checks);
  });

  it("counts attempts, sees one running, and prefers the open PR to a newer closed one", () => {
    const facts = taskFacts("T1", { attempts: 3, running: true, pr: open, checks: "pending" });
    const closed = { ...(facts.pulls[0] ?? ({} as never)), number: 12, state: "closed" as const };
    const progress = summariseTaskFacts({ ...facts, pulls: [closed, ...facts.pulls] });
    expect(progress).toMatchObject({ attempts: 3, running: true, checks: "pending" });
    expect(progress.pr?.number).toBe(9);
    expect(summariseTaskFacts(undefined)).toEqual({ attempts: 0, running: false, pr: null, checks: null });
  });
});
