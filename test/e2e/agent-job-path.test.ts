import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/core/graph/parse-plan.ts";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { TASK_WORKFLOW_PATH } from "../../src/sim/simulate/install-simulation-repository.ts";
import { type SimulationWorld, startSimulationWorld } from "../../src/sim/simulate/start-simulation-world.ts";

const PLAN = `# Powers and roots

### T1: Power function [P]
Add \`power(base, exponent)\`.

**Files**: src/power.js

### T2: Square root [P]
Add \`squareRoot(x)\` and document it.

**Files**: src/root.js, README.md
`;

const repo = { owner: "acme", repo: "demo" };

/**
 * The one job path every agent takes: a workflow_dispatch of the installed task workflow runs on the local runner, the real Action runs under Node 24, and the real
 * Claude Code binary plays a synthetic script from the shared fake Messages API. Two tasks run side by
 * side, so each request must find its own attempt's script.
 */
describe("the synthetic agent through the installed workflow, the real Action and Claude Code", () => {
  let world: SimulationWorld;
  let planNumber: number;
  const admin = () => createPatientOctokit(world.emulator.url, world.emulator.token);

  beforeAll(async () => {
    const graph = parsePlan(PLAN);
    world = await startSimulationWorld({
      fullName: "acme/demo",
      agent: { kind: "synthetic", failRate: 1, seed: 3 },
      tasks: new Map(graph.tasks.map((task) => [task.id, task])),
      env: {},
    });
    await world.emulator.addCollaborator("acme/demo", "alice", "write");
    const writer = createPatientOctokit(world.emulator.url, world.emulator.userToken("alice"));
    const { data: plan } = await writer.rest.issues.create({ ...repo, title: "Powers", body: PLAN });
    planNumber = plan.number;
    await writer.rest.issues.addLabels({ ...repo, issue_number: plan.number, labels: ["foreman"] });
    await world.app.settle(150_000);
  }, 180_000);
  afterAll(async () => world?.close());

  const pullOf = async (task: string) => {
    const { data } = await admin().rest.pulls.list({
      ...repo,
      state: "all",
      head: `acme:foreman/${planNumber}/${task}`,
    });
    const pull = data[0];
    if (!pull) throw new Error(`no PR for ${task}`);
    return pull;
  };
  const testCheck = async (sha: string) => {
    const { data } = await admin().rest.checks.listForRef({ ...repo, ref: sha });
    return data.check_runs.filter((run) => run.name === "test").map((run) => run.conclusion);
  };
  /** The commit an attempt pushed, as its record on the child issue names it. */
  const attemptCommit = async (pull: { body: string | null }, attempt: number) => {
    const { data: comments } = await admin().rest.issues.listComments({
      ...repo,
      issue_number: Number(/Closes #(\d+)/.exec(pull.body ?? "")?.[1]),
    });
    const record = comments
      .flatMap((comment) => readMarkers(comment.body ?? ""))
      .find((marker) => marker.kind === "attempt" && marker.attempt === attempt);
    if (record?.kind !== "attempt" || record.head === undefined)
      throw new Error(`no record of attempt ${attempt} naming its commit`);
    return record.head;
  };
  const file = async (ref: string, path: string) => {
    try {
      const { data } = await admin().rest.repos.getContent({ ...repo, path, ref });
      return "content" in data ? Buffer.from(data.content, "base64").toString("utf8") : null;
    } catch {
      return null;
    }
  };

  it("runs the installed workflow: each attempt writes its own task's files, the first breaks a test", async () => {
    expect(await file("main", TASK_WORKFLOW_PATH)).toContain("foreman-dev/foreman/action@v1");
    // The engine dispatched both first attempts when the plan started, and their retries once CI had
    // failed them (beforeAll settled all of it).
    const { data: runs } = await admin().rest.actions.listWorkflowRunsForRepo({
      ...repo,
      event: "workflow_dispatch",
    });
    expect(runs.workflow_runs.map((run) => run.conclusion)).toEqual([
      "success",
      "success",
      "success",
      "success",
    ]);
    expect(runs.workflow_runs.map((run) => run.display_title).sort()).toEqual([
      `Foreman: plan #${planNumber}, task T1, attempt 1`,
      `Foreman: plan #${planNumber}, task T1, attempt 2`,
      `Foreman: plan #${planNumber}, task T2, attempt 1`,
      `Foreman: plan #${planNumber}, task T2, attempt 2`,
    ]);
    const t1 = await attemptCommit(await pullOf("T1"), 1);
    const t2 = await attemptCommit(await pullOf("T2"), 1);
    expect(await file(t1, "src/power.js")).toContain("T1: Power function (attempt 1)");
    expect(await file(t1, "src/root.js")).toBeNull();
    expect(await file(t2, "src/root.js")).toContain("T2: Square root (attempt 1)");
    // README.md existed: the change keeps it and adds to it.
    expect(await file(t2, "README.md")).toMatch(/# acme\/demo[\s\S]*T2: Square root \(attempt 1\)/);
    expect(await file(t1, "test/foreman-synthetic-t1.test.mjs")).toContain("1 + 1, 3");
    expect(await testCheck(t1)).toContain("failure");
    expect(world.agent.problems()).toEqual([]);
  }, 200_000);

  it("the retry repairs the test on the same branch; every attempt reports real turns, tokens and cost", async () => {
    for (const task of ["T1", "T2"]) {
      const pull = await pullOf(task);
      expect(await file(pull.head.sha, `test/foreman-synthetic-${task.toLowerCase()}.test.mjs`)).toContain(
        "1 + 1, 2",
      );
      expect(await testCheck(pull.head.sha)).toContain("success");
      const { data: comments } = await admin().rest.issues.listComments({
        ...repo,
        issue_number: Number(/Closes #(\d+)/.exec(pull.body ?? "")?.[1]),
      });
      const attempts = comments
        .flatMap((comment) => readMarkers(comment.body ?? ""))
        .filter((marker) => marker.kind === "attempt");
      expect(attempts.map((marker) => marker.attempt)).toEqual([1, 2]);
      for (const marker of attempts) {
        expect(marker.turns).toBeGreaterThan(0);
        expect(marker.input).toBeGreaterThan(0);
        expect(marker.cost).toBeGreaterThan(0);
      }
    }
    expect(world.agent.problems()).toEqual([]);
  }, 200_000);
});
