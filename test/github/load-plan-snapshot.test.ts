import { BareRepo, type Emulator, startEmulator } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_LABEL } from "../../src/core/plan/foreman-labels.ts";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import type { Forge } from "../../src/github/forge.ts";
import { loadPlanSnapshot } from "../../src/github/load-plan-snapshot.ts";
import { foremanOctokitFor, forgeFor, SELF } from "./forge-for-token.ts";

const repo = { owner: "acme", repo: "demo" };

describe("loadPlanSnapshot with dependencies on existing issues", () => {
  let emulator: Emulator;
  let forge: Forge;
  let gitDir: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
    await emulator.addCollaborator("acme/demo", SELF, "write");
    await emulator.addCollaborator("acme/demo", "alice", "write");
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
      requiredChecks: "auto",
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

  it("reads a task branch's PRs by exact head and the base branch's required checks, nothing else's", async () => {
    const plan = await forge.createIssue({ title: "Plan", body: "", labels: [] });
    const head = await forge.getBranchHead("main");
    if (!head) throw new Error("no main");
    const alice = foremanOctokitFor(emulator, "alice");
    for (const branch of [`foreman/${plan.number}/T1`, `foreman/${plan.number}/T10`, "foreman-other"]) {
      expect(await forge.createRef(`refs/heads/${branch}`, head)).toBe("created");
    }
    expect(await forge.createRef(`refs/heads/foreman/${plan.number}/T1`, head)).toBe("exists");
    const git = await BareRepo.open(gitDir);
    await git.commitFiles({
      branch: `foreman/${plan.number}/T1`,
      files: { "t1.txt": "t1" },
      message: "T1",
      author: { name: "alice", email: "alice@example.test" },
    });
    await git.close();
    const { data: pull } = await alice.rest.pulls.create({
      ...repo,
      head: `foreman/${plan.number}/T1`,
      base: "main",
      title: "T1",
    });
    const pullReads = () => emulator.stats().requests.byOperation["pulls/list"] ?? 0;
    const before = pullReads();
    const snapshot = await loadPlanSnapshot(forge, {
      plan,
      adopted: [],
      dependencies: [],
      workflow: "foreman.yml",
      requiredChecks: "auto",
    });
    expect(Object.keys(snapshot.tasks).sort()).toEqual(["T1", "T10"]);
    expect(snapshot.tasks.T1?.pulls.map((item) => [item.number, item.state, item.baseRef])).toEqual([
      [pull.number, "open", "main"],
    ]);
    expect(snapshot.tasks.T10?.pulls).toEqual([]);
    expect(pullReads() - before).toBe(2);
    expect(snapshot.requiredChecks.source).not.toBe("config");
    const configured = await loadPlanSnapshot(forge, {
      plan,
      adopted: [],
      dependencies: [],
      workflow: "foreman.yml",
      requiredChecks: ["test"],
    });
    expect(configured.requiredChecks).toEqual({
      checks: [{ context: "test", integrationId: null }],
      strict: false,
      source: "config",
    });
  });
});
