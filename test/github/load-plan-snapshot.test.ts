import { type Emulator, startEmulator } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_LABEL } from "../../src/core/plan/foreman-labels.ts";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import type { Forge } from "../../src/github/forge.ts";
import { loadPlanSnapshot } from "../../src/github/load-plan-snapshot.ts";
import { forgeFor, SELF } from "./forge-for-token.ts";

describe("loadPlanSnapshot with dependencies on existing issues", () => {
  let emulator: Emulator;
  let forge: Forge;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: ["acme/demo"] });
    await emulator.addCollaborator("acme/demo", SELF, "write");
    forge = forgeFor(emulator);
  });
  afterAll(async () => emulator.close());

  it("reads each named or formerly linked issue once, and lists the ones that do not exist", async () => {
    const plan = await forge.createIssue({ title: "Plan", body: "", labels: [] });
    const named = await forge.createIssue({ title: "Named", body: "", labels: [] });
    const closed = await forge.updateIssue(
      (await forge.createIssue({ title: "Closed", body: "", labels: [] })).number,
      { state: "closed", stateReason: "completed" },
    );
    const linkedBefore = await forge.createIssue({ title: "Linked before", body: "", labels: [] });
    const child = await forge.createIssue({
      title: "T1 · One",
      body: formatMarker({
        kind: "task",
        plan: plan.number,
        task: "T1",
        spec: "s",
        external: [linkedBefore.number],
      }),
      labels: [TASK_LABEL],
    });
    const reads = () => emulator.stats().requests.byOperation["issues/get"] ?? 0;
    const before = reads();
    const snapshot = await loadPlanSnapshot(forge, {
      plan,
      adopted: [],
      dependencies: [named.number, closed.number, named.number, 9999, child.number, plan.number],
      workflow: "foreman.yml",
    });
    // named, closed, linked before and 9999: the plan and its own child are known without a read.
    expect(reads() - before).toBe(4);
    expect(snapshot.externalIssues.map((issue) => [issue.number, issue.state])).toEqual([
      [named.number, "open"],
      [closed.number, "closed"],
      [linkedBefore.number, "open"],
    ]);
    expect(snapshot.missingIssues).toEqual([9999]);
    expect(snapshot.issues.map((issue) => issue.number)).toEqual([child.number]);
  });
});
