import { describe, expect, it } from "vitest";
import { deriveTaskStates } from "../../../src/core/plan/derive-task-states.ts";
import type { TaskOutline } from "../../../src/core/plan/task-outline.ts";
import { issue, taskFacts } from "./plan-fixtures.ts";

const task = (id: string, deps: string[] = [], status: TaskOutline["status"] = "todo"): TaskOutline => ({
  id,
  title: id,
  deps: deps.map((dep) => ({ id: dep, source: "explicit", line: null })),
  status,
});
const tasks = [task("A"), task("B", ["A"]), task("C", ["B"]), task("D")];

describe("deriveTaskStates", () => {
  it("makes tasks without open dependencies ready and the others pending", () => {
    expect(
      deriveTaskStates({ tasks, children: new Map(), facts: {}, planCancelled: false, issues: new Map() }),
    ).toEqual({
      A: "ready",
      B: "pending",
      C: "pending",
      D: "ready",
    });
  });

  it("reads done and skipped from the child issue, and lets dependents of either go ahead", () => {
    const children = new Map([
      ["A", issue(2, { state: "closed", stateReason: "completed" })],
      ["B", issue(3, { state: "closed", stateReason: "not_planned" })],
    ]);
    expect(
      deriveTaskStates({ tasks, children, facts: {}, planCancelled: false, issues: new Map() }),
    ).toMatchObject({
      A: "done",
      B: "skipped",
      C: "ready",
    });
  });

  it("blocks everything downstream of a task that needs a person", () => {
    const children = new Map([["A", issue(2, { labels: ["foreman:task", "foreman:needs-human"] })]]);
    expect(
      deriveTaskStates({ tasks, children, facts: {}, planCancelled: false, issues: new Map() }),
    ).toMatchObject({
      A: "needs-human",
      B: "blocked",
      C: "blocked",
      D: "ready",
    });
  });

  it("follows the attempts: running, verifying, failed, and done once merged", () => {
    const pr = { number: 9, state: "open" as const, merged: false, headSha: "abc" };
    const states = (progress: { A: Parameters<typeof taskFacts>[1] }) =>
      deriveTaskStates({
        tasks: [task("A")],
        children: new Map(),
        facts: { A: taskFacts("A", progress.A) },
        planCancelled: false,
        issues: new Map(),
      }).A;
    expect(states({ A: { attempts: 1, running: true, pr: null, checks: null } })).toBe("running");
    expect(states({ A: { attempts: 1, running: false, pr, checks: "pending" } })).toBe("verifying");
    expect(states({ A: { attempts: 1, running: false, pr, checks: "failure" } })).toBe("failed");
    expect(states({ A: { attempts: 2, running: false, pr: null, checks: null } })).toBe("failed");
    expect(
      states({
        A: { attempts: 1, running: false, pr: { ...pr, state: "closed", merged: true }, checks: null },
      }),
    ).toBe("done");
  });

  it("cancels what is unfinished in a cancelled plan, and takes done from the document", () => {
    const withDone = [task("A", [], "done"), task("B", ["A"])];
    expect(
      deriveTaskStates({
        tasks: withDone,
        children: new Map(),
        facts: {},
        planCancelled: true,
        issues: new Map(),
      }),
    ).toEqual({
      A: "done",
      B: "cancelled",
    });
  });
});

describe("deriveTaskStates with existing issues as dependencies", () => {
  const waiting = [task("A", ["#99"]), task("B", ["A"]), task("C", ["#0045"])];
  const states = (issues: ReturnType<typeof issue>[], children = new Map()) =>
    deriveTaskStates({
      tasks: waiting,
      children,
      facts: {},
      planCancelled: false,
      issues: new Map(issues.map((known) => [known.number, known])),
    });

  it("holds a task pending while the issue it waits for is open, or cannot be found", () => {
    expect(states([issue(99), issue(45)])).toEqual({ A: "pending", B: "pending", C: "pending" });
    expect(states([])).toEqual({ A: "pending", B: "pending", C: "pending" });
  });

  it("releases it once the issue is closed, as completed or as not planned", () => {
    expect(states([issue(99, { state: "closed", stateReason: "completed" }), issue(45)])).toEqual({
      A: "ready",
      B: "pending",
      C: "pending",
    });
    expect(states([issue(99), issue(45, { state: "closed", stateReason: "not_planned" })])).toMatchObject({
      A: "pending",
      C: "ready",
    });
  });

  it("still reports blocked when a task dependency needs a person, whatever the issue", () => {
    const tasks = [task("A"), task("B", ["A", "#99"])];
    const children = new Map([["A", issue(2, { labels: ["foreman:task", "foreman:needs-human"] })]]);
    expect(deriveTaskStates({ tasks, children, facts: {}, planCancelled: false, issues: new Map() })).toEqual(
      { A: "needs-human", B: "blocked" },
    );
  });
});
