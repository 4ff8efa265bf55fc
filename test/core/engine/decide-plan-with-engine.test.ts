import { describe, expect, it } from "vitest";
import { applyEngineWrite } from "../../../src/core/engine/apply-engine-write.ts";
import { decidePlanWithEngine } from "../../../src/core/engine/decide-plan-with-engine.ts";
import type { EngineReads } from "../../../src/core/engine/engine-reads.ts";
import { readMarkers } from "../../../src/core/plan/read-markers.ts";
import { EXAMPLE_PLAN, emptySnapshot, reconcileInput, settlePlan } from "../plan/plan-fixtures.ts";

const reads = (fields: Partial<EngineReads> = {}): EngineReads => ({
  childComments: {},
  claims: [],
  branches: [],
  base: { ref: "main", sha: "b".repeat(40), checkRuns: [], statuses: [] },
  writers: [],
  workflowExists: true,
  checkDetails: {},
  mergeGroupHeads: [],
  rerunRefused: [],
  appId: null,
  report: {
    facts: { branch: "foreman-report/1", pulls: [], checkRuns: [], statuses: [], reviews: [], runs: [] },
    branchExists: false,
  },
  ...fields,
});

async function approvedPlan() {
  const { snapshot } = await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice");
  return snapshot;
}

describe("decidePlanWithEngine", () => {
  it("runs nothing of the engine before a writer approved the plan", () => {
    const writes = decidePlanWithEngine({
      ...reconcileInput(emptySnapshot(EXAMPLE_PLAN), null),
      engine: reads(),
    });
    expect(writes).toEqual([]);
  });

  it("dispatches the ready tasks of an approved plan before the tracking comment is rebuilt", async () => {
    const snapshot = await approvedPlan();
    const writes = decidePlanWithEngine({ ...reconcileInput(snapshot, null), engine: reads() });
    const claims = writes.filter((write) => write.kind === "claim-attempt");
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.length).toBeLessThanOrEqual(3);
    expect(writes.map((write) => write.kind)).not.toContain("update-comment");
  });

  it("rebuilds the tracking comment once neither the plan nor the engine asks for anything", async () => {
    const snapshot = await approvedPlan();
    const paused = {
      ...snapshot,
      plan: { ...snapshot.plan, labels: [...snapshot.plan.labels, "foreman:paused"] },
    };
    const writes = decidePlanWithEngine({ ...reconcileInput(paused, null), engine: reads() });
    expect(writes.length).toBe(1);
    const [write] = writes;
    expect(write?.kind === "update-comment" && readMarkers(write.body).map((marker) => marker.kind)).toEqual([
      "tracking",
    ]);
  });

  it("folds the engine's writes into the snapshot and its reads as GitHub would show them", async () => {
    const snapshot = await approvedPlan();
    const input = { ...reconcileInput(snapshot, null), engine: reads() };
    const [claim, dispatch] = decidePlanWithEngine(input);
    if (claim?.kind !== "claim-attempt" || dispatch?.kind !== "dispatch-workflow")
      throw new Error("expected a dispatch");
    const now = Date.parse("2026-12-01T10:00:00Z");
    const claimed = applyEngineWrite({ snapshot, reads: input.engine }, claim, { kind: "done" }, now);
    expect(claimed?.reads.claims).toEqual([claim.ref]);
    const started =
      claimed && applyEngineWrite(claimed, dispatch, { kind: "run", runId: 7, url: "https://x/7" }, now);
    expect(started?.snapshot.tasks[claim.taskId]?.runs).toMatchObject([
      { id: 7, status: "queued", displayTitle: `Foreman: plan #1, task ${claim.taskId}, attempt 1` },
    ]);
    expect(started && applyEngineWrite(started, dispatch, { kind: "refused", status: 422 }, now)).toBeNull();
    // The next round records the run on the child issue instead of dispatching again.
    const next =
      started && decidePlanWithEngine({ ...input, snapshot: started.snapshot, engine: started.reads });
    expect(
      next?.filter((write) => write.kind === "dispatch-workflow" && write.taskId === claim.taskId),
    ).toEqual([]);
    expect(next?.some((write) => write.kind === "post-record" && write.taskId === claim.taskId)).toBe(true);
  });
});
