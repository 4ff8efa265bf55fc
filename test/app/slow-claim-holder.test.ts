import { type Emulator, startEmulator } from "@foreman/local-github";
import { afterEach, describe, expect, it } from "vitest";
import { readTaskMarker } from "../../src/core/plan/read-task-marker.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { type RunningForemanApp, startForemanApp } from "../../src/sim/simulate/start-foreman-app.ts";

const repo = { owner: "acme", repo: "demo" };
const ONE_TASK = "# Plan\n\n### T1: Only\nDo the one thing.\n";

/**
 * Two replicas, one of them slow while it holds the claim on a task's issue: longer than the stale
 * window, so the other takes the claim over and creates the issue. The slow one must then create none,
 * or find and close its own as a duplicate — the lower issue number stays, on every replica alike.
 */
describe("a replica slow while it holds a creation claim leaves no duplicate", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoReplicas(): Promise<{ emulator: Emulator; apps: RunningForemanApp[] }> {
    const emulator = await startEmulator({ repos: ["acme/demo"] });
    cleanups.push(async () => {
      expect(emulator.violations()).toEqual([]);
      await emulator.close();
    });
    await emulator.addCollaborator("acme/demo", "alice", "write");
    const quick = await startForemanApp(emulator, { userAgent: "replica-quick" });
    const slow = await startForemanApp(emulator, { replicaOf: quick, userAgent: "replica-slow" });
    cleanups.push(quick.close, slow.close);
    // The slow replica wins the claim: the quick one's first claim arrives a little later.
    emulator.delayRequests({ userAgent: "replica-quick", operationId: "git/create-ref", ms: 400 });
    return { emulator, apps: [quick, slow] };
  }

  async function startPlan(emulator: Emulator, apps: RunningForemanApp[]) {
    const alice = createPatientOctokit(emulator.url, emulator.userToken("alice"));
    const { data: plan } = await alice.rest.issues.create({ ...repo, title: "Plan", body: ONE_TASK });
    await alice.rest.issues.addLabels({ ...repo, issue_number: plan.number, labels: ["foreman"] });
    await Promise.all(apps.map((app) => app.settle()));
    const admin = createPatientOctokit(emulator.url, emulator.token);
    const issues = await admin.paginate(admin.rest.issues.listForRepo, {
      ...repo,
      state: "all",
      per_page: 100,
    });
    const children = issues.filter((issue) => readTaskMarker(issue.body ?? "", plan.number)?.task === "T1");
    const subIssues = await admin.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      ...repo,
      issue_number: plan.number,
    });
    const refs = await admin.paginate(admin.rest.git.listMatchingRefs, {
      ...repo,
      ref: `foreman/${plan.number}/`,
    });
    return {
      open: children.filter((issue) => issue.state === "open").map((issue) => issue.number),
      closed: children
        .filter((issue) => issue.state === "closed")
        .map((issue) => ({ number: issue.number, reason: issue.state_reason })),
      subIssues: subIssues.map((issue) => issue.number),
      takeovers: refs.filter((ref) => ref.ref.includes("/takeovers/")).length,
    };
  }

  it("its create, held up past a takeover, lands second and is closed as a duplicate of the first", async () => {
    const { emulator, apps } = await twoReplicas();
    emulator.delayRequests({ userAgent: "replica-slow", operationId: "issues/create", ms: 6000 });
    const result = await startPlan(emulator, apps);
    expect(result.takeovers).toBe(1);
    expect(result.open).toHaveLength(1);
    expect(result.closed).toEqual([{ number: (result.open[0] ?? 0) + 1, reason: "duplicate" }]);
    expect(result.subIssues).toEqual(result.open);
  });

  it("finding its claim taken over once its answer comes, it creates nothing", async () => {
    const { emulator, apps } = await twoReplicas();
    emulator.delayRequests({
      userAgent: "replica-slow",
      operationId: "git/create-ref",
      ms: 5000,
      phase: "after",
    });
    const result = await startPlan(emulator, apps);
    expect(result.takeovers).toBe(1);
    expect(result.open).toHaveLength(1);
    expect(result.closed).toEqual([]);
    expect(result.subIssues).toEqual(result.open);
  });
});
