import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanStatus } from "../../src/cli/plan-status-schema.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type LocalForeman, REPO, startLocalForeman } from "./local-foreman.ts";
import { connectMcpClient, type McpTestClient, textOf } from "./mcp-client.ts";

describe("foreman mcp's GitHub tools against the local GitHub with the real Foreman app", () => {
  let github: LocalForeman;
  let alice: McpTestClient;
  let bob: McpTestClient;
  let plan: number;
  beforeAll(async () => {
    github = await startLocalForeman();
    const connect = (login: string) =>
      connectMcpClient({
        env: { GITHUB_TOKEN: github.emulator.userToken(login) },
        args: ["--api-url", github.emulator.url],
      });
    [alice, bob] = await Promise.all([connect("alice"), connect("bob")]);
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await github.close();
  });

  const issueCount = async () =>
    (
      await github.admin.paginate(github.admin.rest.issues.listForRepo, {
        ...REPO,
        state: "all",
        per_page: 100,
      })
    ).length;

  it("start_plan opens the plan issue, labels it and returns the task table once Foreman set it up", async () => {
    const result = await alice.call("start_plan", { repository: "acme/demo", markdown: EXAMPLE_PLAN });
    expect(result.isError, textOf(result)).toBeFalsy();
    const started = result.structuredContent as {
      issue: { number: number };
      foreman: string;
      status: PlanStatus;
    };
    plan = started.issue.number;
    expect(started).toMatchObject({ created: true, approvedWith: "label", foreman: "started" });
    expect(started.status.plan).toMatchObject({
      status: "running",
      approvedBy: "alice",
      title: "Add rate limiting to the public API",
    });
    expect(started.status.tasks.map((task) => [task.id, task.state])).toEqual([
      ["T1", "ready"],
      ["T2", "ready"],
      ["T3", "pending"],
      ["T4", "pending"],
    ]);
    expect(textOf(result)).toMatch(
      /^Opened http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/issues\/1 and added the plan label\. Foreman started it: /,
    );
    const { data } = await github.admin.rest.issues.get({ ...REPO, issue_number: plan });
    expect(data.labels.map((label) => (typeof label === "string" ? label : label.name))).toEqual(["foreman"]);
  });

  it("plan_status returns the task table of the plan", async () => {
    const result = await bob.call("plan_status", { plan: `acme/demo#${plan}` });
    expect(result.isError, textOf(result)).toBeFalsy();
    const status = result.structuredContent as PlanStatus;
    expect(status.tasks.map((task) => [task.id, task.state, task.issue?.number])).toEqual([
      ["T1", "ready", expect.any(Number)],
      ["T2", "ready", expect.any(Number)],
      ["T3", "pending", expect.any(Number)],
      ["T4", "pending", expect.any(Number)],
    ]);
    expect(status.totals).toMatchObject({ tasks: 4, byState: { ready: 2, pending: 2 } });
    expect(textOf(result)).toContain("TASK  STATE    ISSUE  PR  CHECKS  ATTEMPTS  COST  TITLE");
  });

  it("start_plan given the same text again by the same person returns that plan and creates nothing", async () => {
    const before = await issueCount();
    const result = await alice.call("start_plan", { repository: "acme/demo", markdown: EXAMPLE_PLAN });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      issue: { number: plan },
      created: false,
      approvedWith: "none",
      foreman: "started",
    });
    expect(textOf(result)).toMatch(
      /^Found your plan http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/issues\/1\. Foreman started it: /,
    );
    expect(await issueCount()).toBe(before);
  });

  it("start_plan refuses a reader and an invalid plan, creating nothing", async () => {
    const before = await issueCount();
    const reader = await bob.call("start_plan", { repository: "acme/demo", markdown: EXAMPLE_PLAN });
    expect(reader.isError).toBe(true);
    expect(textOf(reader)).toBe(
      "@bob cannot start plans on acme/demo: only people with write access can start a Foreman plan. Nothing was created.",
    );
    const invalid = await alice.call("start_plan", {
      repository: "acme/demo",
      markdown: "### T1: A\n**Depends on**: T9\n",
    });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(
      /^the plan is not valid; nothing was created on GitHub\.\nplan:2:\d+: error: /,
    );
    const repo = await alice.call("start_plan", { repository: "acme/nope", markdown: EXAMPLE_PLAN });
    expect(textOf(repo)).toMatch(
      /^acme\/nope: no such repository at http:\/\/127\.0\.0\.1:\d+, or GITHUB_TOKEN cannot see it\.$/,
    );
    expect(await issueCount()).toBe(before);
  });

  it("start_plan with `issue` updates the plan and re-approves it with /foreman replan", async () => {
    const edited = EXAMPLE_PLAN.replace(
      "### T4: Documentation",
      "### T5: Metrics\nCount refused requests.\n\n### T4: Documentation",
    );
    const result = await alice.call("start_plan", { repository: "acme/demo", markdown: edited, issue: plan });
    expect(result.isError, textOf(result)).toBeFalsy();
    const started = result.structuredContent as { approvedWith: string; foreman: string; status: PlanStatus };
    expect(started).toMatchObject({ created: false, approvedWith: "replan", foreman: "started" });
    expect(started.status.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T5", "T4"]);
  });

  it("task_report gives the plan summary and a task's report, and names the tasks on a typo", async () => {
    const summary = await bob.call("task_report", { plan: `acme/demo#${plan}` });
    expect(summary.structuredContent).toMatchObject({ kind: "plan", source: "summary", task: null });
    expect(textOf(summary)).toMatch(/^# Plan #1: Add rate limiting to the public API — running/);
    const task = await bob.call("task_report", { plan: `acme/demo#${plan}`, task: "t3" });
    expect(task.structuredContent).toMatchObject({
      kind: "task",
      task: "T3",
      source: "github",
      location: null,
    });
    expect(textOf(task)).toMatch(/^# T3: Middleware — ⏳ pending/);
    const typo = await bob.call("task_report", { plan: `acme/demo#${plan}`, task: "T99" });
    expect(typo.isError).toBe(true);
    expect(textOf(typo)).toBe(`acme/demo#${plan} has no task 'T99'; its tasks: T1, T2, T3, T5, T4.`);
  });

  it("control_plan pauses and resumes as the slash commands do, with Foreman's answer", async () => {
    const paused = await alice.call("control_plan", { plan: `acme/demo#${plan}`, action: "pause" });
    expect(paused.isError, textOf(paused)).toBeFalsy();
    expect(paused.structuredContent).toMatchObject({
      command: "/foreman pause",
      reaction: "+1",
      reply: null,
      status: { plan: { status: "paused" } },
    });
    expect(textOf(paused)).toMatch(
      /^Posted `\/foreman pause` \(http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/issues\/1#issuecomment-\d+\)\. Foreman answered 👍\./,
    );
    const again = await alice.call("control_plan", { plan: `acme/demo#${plan}`, action: "pause" });
    expect(again.structuredContent).toMatchObject({
      reply: "@alice Plan #1 is already paused; `/foreman resume` continues it.",
    });
    const resumed = await alice.call("control_plan", { plan: `acme/demo#${plan}`, action: "resume" });
    expect(resumed.structuredContent).toMatchObject({
      reaction: "+1",
      status: { plan: { status: "running" } },
    });
  });

  it("control_plan skips and retries a task", async () => {
    const skipped = await alice.call("control_plan", {
      plan: `acme/demo#${plan}`,
      action: "skip",
      task: "t5",
    });
    expect(skipped.isError, textOf(skipped)).toBeFalsy();
    const after = (skipped.structuredContent as { status: PlanStatus }).status;
    expect(after.tasks.find((task) => task.id === "T5")?.state).toBe("skipped");
    const retried = await alice.call("control_plan", {
      plan: `acme/demo#${plan}`,
      action: "retry",
      task: "T5",
    });
    const back = (retried.structuredContent as { status: PlanStatus }).status;
    expect(back.tasks.find((task) => task.id === "T5")?.state).toBe("pending");
  });

  it("control_plan refuses without posting: readers, a missing or unknown task, a task on a plan-wide action", async () => {
    const commentsBefore = (
      await github.admin.rest.issues.listComments({ ...REPO, issue_number: plan, per_page: 100 })
    ).data.length;
    const cases: Array<[McpTestClient, Record<string, unknown>, string]> = [
      [
        bob,
        { action: "pause" },
        "@bob cannot give Foreman commands on acme/demo: only people with write access to this repository can give Foreman commands. Nothing was posted.",
      ],
      [alice, { action: "retry" }, 'retry needs the task, e.g. { action: "retry", task: "T3" }.'],
      [
        alice,
        { action: "skip", task: "T42" },
        `acme/demo#${plan} has no task 'T42'; its tasks: T1, T2, T3, T5, T4.`,
      ],
      [alice, { action: "cancel", task: "T1" }, "cancel concerns the whole plan; leave out task."],
    ];
    for (const [client, args, message] of cases) {
      const result = await client.call("control_plan", { plan: `acme/demo#${plan}`, ...args });
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toBe(message);
    }
    const bad = await alice.call("control_plan", { plan: `acme/demo#${plan}`, action: "explode" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("action");
    const commentsAfter = (
      await github.admin.rest.issues.listComments({ ...REPO, issue_number: plan, per_page: 100 })
    ).data.length;
    expect(commentsAfter).toBe(commentsBefore);
    expect(github.emulator.violations()).toEqual([]);
  });
});
