import { describe, expect, it } from "vitest";
import { decideDispatch } from "../../../src/core/engine/decide-dispatch.ts";
import { deriveEngineView } from "../../../src/core/engine/derive-engine-view.ts";
import type { EngineInput, EngineTask } from "../../../src/core/engine/engine-input.ts";
import type { EngineWrite } from "../../../src/core/engine/engine-write.ts";
import { formatTimestamp } from "../../../src/core/engine/format-timestamp.ts";
import { issue } from "../plan/plan-fixtures.ts";
import {
  attemptRecord,
  engineConfig,
  engineInput,
  engineTask,
  NOW,
  pull,
  workflowRun,
} from "./engine-fixtures.ts";

const decide = (input: EngineInput): EngineWrite[] =>
  decideDispatch({ input, view: deriveEngineView(input) });
const dispatched = (writes: EngineWrite[]) =>
  writes.flatMap((write) => (write.kind === "dispatch-workflow" ? [write.taskId] : []));
const merged = (id: string): Partial<EngineTask> => ({
  facts: { ...engineTask(id).facts, pulls: [pull({ state: "closed", merged: true })] },
});
const running = (id: string): Partial<EngineTask> => ({
  claims: [{ attempt: 1, try: 1 }],
  facts: {
    ...engineTask(id).facts,
    runs: [
      workflowRun({
        displayTitle: `Foreman: plan #1, task ${id}, attempt 1`,
        status: "in_progress",
        conclusion: null,
      }),
    ],
  },
});

describe("decideDispatch", () => {
  it.each<[string, EngineTask[], Partial<EngineInput>, string[]]>([
    ["ready tasks start", [engineTask("T1"), engineTask("T2")], {}, ["T1", "T2"]],
    [
      "a dependency not done holds a task",
      [engineTask("T1"), engineTask("T2", { deps: ["T1"] })],
      {},
      ["T1"],
    ],
    [
      "a merged dependency releases it",
      [engineTask("T1", merged("T1")), engineTask("T2", { deps: ["T1"] })],
      {},
      ["T2"],
    ],
    ["no child issue yet, no start", [engineTask("T1", { child: null })], {}, []],
    [
      "an open existing issue holds it",
      [engineTask("T1", { deps: ["#99"] })],
      { issues: new Map([[99, issue(99)]]) },
      [],
    ],
    ["an unknown existing issue holds it (fail closed)", [engineTask("T1", { deps: ["#99"] })], {}, []],
    [
      "a closed existing issue releases it",
      [engineTask("T1", { deps: ["#99"] })],
      { issues: new Map([[99, issue(99, { state: "closed", stateReason: "completed" })]]) },
      ["T1"],
    ],
    [
      "concurrency caps starts, counting running jobs",
      [engineTask("T1", running("T1")), engineTask("T2"), engineTask("T3"), engineTask("T4")],
      { config: engineConfig({ concurrency: 2 }) },
      ["T2"],
    ],
    [
      "overlapping Files never hold their locks together",
      [
        engineTask("T1", { files: ["src/api"] }),
        engineTask("T2", { files: ["src/api/users.ts"] }),
        engineTask("T3", { files: ["docs/x.md"] }),
      ],
      {},
      ["T1", "T3"],
    ],
    [
      "a running task's lock holds back an overlapping one",
      [engineTask("T1", { ...running("T1"), files: ["a.ts"] }), engineTask("T2", { files: ["a.ts"] })],
      {},
      [],
    ],
    [
      "the longest remaining chain first",
      [engineTask("T1"), engineTask("T2"), engineTask("T3", { deps: ["T2"] })],
      { config: engineConfig({ concurrency: 1 }) },
      ["T2"],
    ],
    [
      "then priority",
      [engineTask("T1", { priority: "low" }), engineTask("T2", { priority: "P0" })],
      { config: engineConfig({ concurrency: 1 }) },
      ["T2"],
    ],
    [
      "then id, numbers as numbers",
      [engineTask("T10"), engineTask("T9")],
      { config: engineConfig({ concurrency: 1 }) },
      ["T9"],
    ],
    ["nothing starts while paused", [engineTask("T1")], { mode: "paused" }, []],
    ["nothing starts once cancelled", [engineTask("T1")], { mode: "cancelled" }, []],
  ])("%s", (_, tasks, fields, expected) => {
    expect(dispatched(decide(engineInput(tasks, fields)))).toEqual(expected);
  });

  it("claims the attempt first, then dispatches it with plan, task and attempt on the base branch", () => {
    expect(decide(engineInput([engineTask("T1")]))).toEqual([
      {
        kind: "claim-attempt",
        taskId: "T1",
        attempt: 1,
        try: 1,
        ref: "refs/foreman/1/attempts/T1/1.1",
        sha: expect.any(String),
      },
      {
        kind: "dispatch-workflow",
        taskId: "T1",
        attempt: 1,
        workflow: "foreman-task.yml",
        ref: "main",
        inputs: { plan: "1", task: "T1", attempt: "1" },
      },
    ]);
  });

  it("records the run on the child issue once GitHub named it, with a link", () => {
    const writes = decide(engineInput([engineTask("T1", running("T1"))]));
    expect(writes).toEqual([
      expect.objectContaining({
        kind: "post-record",
        number: 11,
        taskId: "T1",
        body: expect.stringContaining("[workflow run 900]("),
      }),
    ]);
    expect(writes[0]?.kind === "post-record" && writes[0].body).toContain(
      "<!-- foreman:dispatch plan=1 task=T1 attempt=1 run=900 -->",
    );
  });

  it("dispatches again under the same attempt number when no run started in time", () => {
    const record = {
      kind: "dispatch" as const,
      id: 70,
      url: "",
      updatedAt: formatTimestamp(NOW - 11 * 60_000),
      attempt: 1,
      run: null,
    };
    const writes = decide(
      engineInput([engineTask("T1", { claims: [{ attempt: 1, try: 1 }], records: [record] })]),
    );
    expect(writes.map((write) => write.kind)).toEqual([
      "claim-attempt",
      "dispatch-workflow",
      "update-record",
    ]);
    expect(writes[0]).toMatchObject({ attempt: 1, try: 2, ref: "refs/foreman/1/attempts/T1/1.2" });
  });

  it("says once on the plan that the workflow is missing, and starts nothing", () => {
    const writes = decide(engineInput([engineTask("T1")], { workflowExists: false }));
    expect(writes).toEqual([
      expect.objectContaining({
        kind: "create-comment",
        number: 1,
        body: expect.stringContaining("foreman-task.yml"),
      }),
    ]);
    const again = decide(
      engineInput([engineTask("T1")], {
        workflowExists: false,
        notices: [{ topic: "workflow-missing", commentId: 5, body: "" }],
      }),
    );
    expect(again).toEqual([]);
  });

  it("stops dispatching when the plan budget is spent, and reserves the cap of running attempts", () => {
    const spent = (cost: number): Partial<EngineTask> => ({
      records: [attemptRecord({ cost })],
      ...merged("T0"),
    });
    const budget = (usdPerPlan: number) =>
      engineConfig({
        budget: { perTaskUsd: 5, perPlanUsd: usdPerPlan, perTaskTokens: null, perPlanTokens: null },
      });
    expect(
      dispatched(
        decide(engineInput([engineTask("T0", spent(10)), engineTask("T1")], { config: budget(10) })),
      ),
    ).toEqual([]);
    expect(
      dispatched(
        decide(
          engineInput([engineTask("T0", spent(1)), engineTask("T1"), engineTask("T2")], {
            config: budget(10),
          }),
        ),
      ),
    ).toEqual(["T1", "T2"]);
    // 1 spent + 2 running × $5 reserved ≥ $10: a third would risk passing the budget by more than one cap.
    expect(
      dispatched(
        decide(
          engineInput([engineTask("T0", spent(1)), engineTask("T1"), engineTask("T2"), engineTask("T3")], {
            config: budget(10),
          }),
        ),
      ),
    ).toEqual(["T1", "T2"]);
  });

  it("stops dispatching at the plan's token budget, reserving each running attempt's token cap", () => {
    const used = (tokens: number): Partial<EngineTask> => ({
      records: [attemptRecord({ tokens, cost: 0.01 })],
      ...merged("T0"),
    });
    const config = engineConfig({
      budget: { perTaskUsd: null, perPlanUsd: null, perTaskTokens: 40_000, perPlanTokens: 100_000 },
    });
    const tasks = (tokens: number) => [
      engineTask("T0", used(tokens)),
      engineTask("T1"),
      engineTask("T2"),
      engineTask("T3"),
    ];
    expect(dispatched(decide(engineInput(tasks(100_000), { config })))).toEqual([]);
    // 30k used + 2 running × 40k reserved ≥ 100k: a third could pass the budget by more than one cap.
    expect(dispatched(decide(engineInput(tasks(30_000), { config })))).toEqual(["T1", "T2"]);
  });
});
