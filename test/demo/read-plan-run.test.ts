import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectGitHub } from "../../src/cli/connect-github.ts";
import { openPlanOnGitHub } from "../../src/cli/open-plan-on-github.ts";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import type { PlanRun } from "../../src/demo/plan-run.ts";
import { readPlanRun } from "../../src/demo/read-plan-run.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type LocalForeman, REPO, startLocalForeman } from "../mcp/local-foreman.ts";

const FAILING_TEST = "not ok 1 - <script>alert(1)</script> bucket refuses the 6th call";

/**
 * The demo's model read back from a local GitHub on which Foreman's app set the plan up and the test
 * leaves what the engine and the Action leave: attempts, feedback, an escalation, PRs, CI, a merge.
 */
describe("readPlanRun: a plan's run as GitHub shows it", () => {
  let github: LocalForeman;
  let plan: number;
  let t1Pull: number;
  let run: PlanRun;

  const read = async (token: string) => {
    const connection = connectGitHub({ token, apiUrl: github.emulator.url });
    return readPlanRun(await openPlanOnGitHub(connection, { ...REPO, number: plan }, "foreman"));
  };

  beforeAll(async () => {
    github = await startLocalForeman();
    plan = await github.openPlan(EXAMPLE_PLAN);
    const t1 = await github.childOf(plan, "T1");
    // The Action commits the attempt's report with its work, on every attempt.
    const report = { [`.foreman/reports/${plan}/T1.md`]: "# T1\n" };
    await github.recordAttempt(plan, "T1", {
      n: 1,
      result: "success",
      cost: 0.25,
      files: { "src/a.js": "1\n", ...report },
    });
    await github.foreman.rest.issues.createComment({
      ...REPO,
      issue_number: t1,
      body: [
        "🔁 **T1**: attempt 1 failed — the required check `test` failed",
        "",
        FAILING_TEST,
        "",
        "The next attempt works on the same branch and gets this comment as feedback.",
        "",
        formatMarker({ kind: "feedback", plan, task: "T1", attempt: 1, failures: "test" }),
        "",
      ].join("\n"),
    });
    // Someone else's comment with a made-up attempt marker: only Foreman's own comments count.
    await github.as("alice").rest.issues.createComment({
      ...REPO,
      issue_number: t1,
      body: formatMarker({ kind: "attempt", plan, task: "T1", attempt: 3, result: "success", cost: 999 }),
    });
    ({ pr: t1Pull } = await github.recordAttempt(plan, "T1", {
      n: 2,
      result: "success",
      cost: 0.4,
      files: { "src/a.js": "2\n", ...report },
    }));
    await github.admin.rest.pulls.merge({ ...REPO, pull_number: t1Pull, merge_method: "squash" });

    const t2 = await github.childOf(plan, "T2");
    await github.recordAttempt(plan, "T2", {
      n: 1,
      result: "needs-human",
      cost: 0.1,
      files: { "src/b.js": "1\n" },
    });
    await github.foreman.rest.issues.createComment({
      ...REPO,
      issue_number: t2,
      body: `🙋 @alice — **T2** needs you: the agent says it cannot proceed: no client key source.\n\n${formatMarker({ kind: "escalation", plan, task: "T2", attempt: 1 })}\n`,
    });
    await github.foreman.rest.issues.addLabels({
      ...REPO,
      issue_number: t2,
      labels: ["foreman:needs-human"],
    });
    await github.emulator.waitForIdle(60_000);
    run = await read(github.emulator.userToken("bob"));
  }, 120_000);
  afterAll(async () => github?.close());

  it("names the plan, its tracking comment and every task in document order with its state", () => {
    expect(run.repository.fullName).toBe("acme/demo");
    expect(run.plan).toMatchObject({ number: plan, title: "Plan" });
    expect(run.plan.trackingCommentUrl).toMatch(/\/acme\/demo\/issues\/\d+#issuecomment-\d+$/);
    expect(run.tasks.map((task) => [task.id, task.state, task.dependsOn])).toEqual([
      ["T1", "done", []],
      ["T2", "needs-human", []],
      ["T3", "blocked", ["T1", "T2"]],
      ["T4", "blocked", ["T3"]],
    ]);
    expect(run.finishedAt).toBeNull();
  });

  it("reads each attempt from Foreman's markers: the verdict, the feedback it sent on, the figures", () => {
    const t1 = run.tasks[0];
    expect(
      t1?.attempts.map((attempt) => [attempt.n, attempt.conclusion, attempt.costUsd, attempt.turns]),
    ).toEqual([
      [1, "failure", 0.25, 7],
      [2, "success", 0.4, 7],
    ]);
    expect(t1?.attempts[0]?.feedback).toBe(`the required check \`test\` failed\n\n${FAILING_TEST}`);
    expect(t1?.attempts[0]?.feedback).not.toContain("foreman:feedback");
    expect(t1?.attempts[1]?.feedback).toBeNull();
    for (const attempt of t1?.attempts ?? []) {
      expect(attempt.run?.url).toMatch(/\/actions\/runs\/\d+$/);
      expect(Date.parse(attempt.dispatchedAt)).not.toBeNaN();
    }
  });

  it("shows the merged PR with its merge commit, its report on the default branch and the checks on the merged head", () => {
    const pr = run.tasks[0]?.pr;
    expect(pr).toMatchObject({ number: t1Pull, merged: true });
    expect(pr?.mergeSha).toMatch(/^[0-9a-f]{40}$/);
    expect(pr?.reportUrl).toBe(`${run.repository.url}/blob/main/.foreman/reports/${plan}/T1.md`);
    expect(run.tasks[0]?.checks).toEqual([{ name: "test", conclusion: "success", url: expect.any(String) }]);
  });

  it("says why a person is needed and what the blocked tasks wait for", () => {
    expect(run.tasks[1]?.reason).toBe("the agent says it cannot proceed: no client key source.");
    expect(run.tasks[1]?.attempts.map((attempt) => attempt.conclusion)).toEqual(["needs-human"]);
    expect(run.tasks[1]?.pr?.reportUrl).toBeNull();
    expect(run.tasks[2]?.reason).toBe("waits for T2");
    expect(run.tasks[3]?.reason).toBe("waits for T3");
    expect(github.emulator.violations()).toEqual([]);
  });
});
