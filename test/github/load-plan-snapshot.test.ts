import { BareRepo, type Emulator, startEmulator } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHASE_LABEL, TASK_LABEL } from "../../src/core/plan/foreman-labels.ts";
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

  it("finds the phase issues and the task issues under them, one sub-issue listing per phase issue", async () => {
    const plan = await forge.createIssue({ title: "Plan", body: "", labels: [] });
    const phases = [];
    for (const key of ["phase-1", "phase-2"]) {
      const phase = await forge.createIssue({
        title: key,
        body: formatMarker({ kind: "phase", plan: plan.number, phase: key }),
        labels: [PHASE_LABEL],
      });
      await forge.addSubIssue(plan.number, phase.id);
      phases.push(phase);
    }
    // A phase marker a person typed into their own issue is not Foreman's.
    const forged = await foremanOctokitFor(emulator, "alice").rest.issues.create({
      ...repo,
      title: "Fake phase",
      body: formatMarker({ kind: "phase", plan: plan.number, phase: "phase-3" }),
      labels: [PHASE_LABEL],
    });
    const children = [];
    for (const [index, task] of ["T1", "T2", "T3"].entries()) {
      const child = await forge.createIssue({
        title: `${task} · Task`,
        body: formatMarker({ kind: "task", plan: plan.number, task, spec: "s" }),
        labels: [TASK_LABEL],
      });
      await forge.addSubIssue(phases[index === 2 ? 1 : 0]?.number ?? 0, child.id);
      children.push(child);
    }
    // A replan moves T2 to phase 2.
    await forge.addSubIssue(phases[1]?.number ?? 0, children[1]?.id ?? 0, { replaceParent: true });
    const listings = () => emulator.stats().requests.byOperation["issues/list-sub-issues"] ?? 0;
    const before = listings();
    const snapshot = await loadPlanSnapshot(forge, {
      plan,
      adopted: [],
      dependencies: [],
      workflow: "foreman.yml",
      requiredChecks: "auto",
    });
    expect(listings() - before).toBe(3);
    expect([...snapshot.subIssues].sort((a, b) => a - b)).toEqual(phases.map((phase) => phase.number));
    const held = snapshot.phases
      .map((phase) => [phase.issue.number, [...phase.subIssues].sort((a, b) => a - b)])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(held).toEqual([
      [phases[0]?.number, [children[0]?.number]],
      [phases[1]?.number, [children[1]?.number, children[2]?.number]],
    ]);
    expect(snapshot.phases.map((phase) => phase.issue.number)).not.toContain(forged.data.number);
    expect(snapshot.issues.map((issue) => issue.number)).toEqual(children.map((child) => child.number));
  });
});
