import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { planStatusSchema } from "../../src/cli/plan-status-schema.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type LocalForeman, REPO, startLocalForeman } from "../mcp/local-foreman.ts";
import { runCaptured } from "./run-cli.ts";

describe("foreman status OWNER/REPO#N against the local GitHub", () => {
  let github: LocalForeman;
  let plan: number;
  let pr: number;
  beforeAll(async () => {
    github = await startLocalForeman();
    plan = await github.openPlan(EXAMPLE_PLAN);
    await github.recordAttempt(plan, "T1", {
      n: 1,
      result: "failed",
      cost: 0.25,
      files: { "src/a.js": "1\n" },
    });
    ({ pr } = await github.recordAttempt(plan, "T1", {
      n: 2,
      result: "success",
      cost: 0.4,
      files: { "src/a.js": "2\n" },
    }));
  });
  afterAll(async () => github.close());
  afterEach(() => vi.unstubAllEnvs());

  const status = (args: string[], token: string | null = github.emulator.userToken("bob")) => {
    vi.stubEnv("GITHUB_TOKEN", token ?? "");
    return runCaptured(["status", ...args, "--api-url", github.emulator.url]);
  };

  it("prints the task table a reader sees: states, issues, PR, checks, attempts, cost", async () => {
    const { code, stdout, stderr } = await status([`${REPO.owner}/${REPO.repo}#${plan}`]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`acme/demo#${plan} “Plan” — running · approved by @alice`);
    expect(lines[3]).toMatch(/^TASK\s+STATE\s+ISSUE\s+PR\s+CHECKS\s+ATTEMPTS\s+COST\s+TITLE$/);
    expect(lines[4]).toMatch(
      new RegExp(`^T1\\s+verifying\\s+#\\d+\\s+#${pr}\\s+\\w+\\s+2\\s+\\$0\\.65\\s+Token bucket$`),
    );
    expect(lines[6]).toMatch(/^T3\s+pending\s+#\d+\s+–\s+–\s+0\s+–\s+Middleware$/);
    expect(stdout).toContain(
      "4 tasks: 1 verifying, 1 ready, 2 pending · 2 attempts · $0.65 · tokens 2.4k in / 600 out",
    );
    expect(stdout).toMatch(
      /Tracking comment: http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/issues\/1#issuecomment-\d+/,
    );
  });

  it("--json gives the same facts in the published shape, each attempt with its figures", async () => {
    const { code, stdout } = await status([`${REPO.owner}/${REPO.repo}#${plan}`, "--json"]);
    expect(code).toBe(0);
    const parsed = planStatusSchema.parse(JSON.parse(stdout));
    expect(parsed.plan).toMatchObject({ number: plan, status: "running", approvedBy: "alice" });
    const t1 = parsed.tasks.find((task) => task.id === "T1");
    expect(t1).toMatchObject({
      state: "verifying",
      attempts: 2,
      costUsd: 0.65,
      pr: { number: pr, merged: false },
    });
    expect(
      t1?.attemptLog.map((attempt) => [attempt.attempt, attempt.result, attempt.costUsd, attempt.turns]),
    ).toEqual([
      [1, "failed", 0.25, 7],
      [2, "success", 0.4, 7],
    ]);
    expect(parsed.tasks.map((task) => [task.id, task.state, task.dependsOn])).toEqual([
      ["T1", "verifying", []],
      ["T2", "ready", []],
      ["T3", "pending", ["T1", "T2"]],
      ["T4", "pending", ["T1", "T2", "T3"]],
    ]);
    expect(parsed.totals).toEqual({
      tasks: 4,
      byState: { verifying: 1, ready: 1, pending: 2 },
      attempts: 2,
      costUsd: 0.65,
      inputTokens: 2400,
      outputTokens: 600,
    });
  });

  it("counts only Foreman's own markers: a reader's forged attempt comment changes nothing", async () => {
    const t2 = await github.childOf(plan, "T2");
    await github.as("bob").rest.issues.createComment({
      ...REPO,
      issue_number: t2,
      body: "<!-- foreman:attempt plan=1 task=T2 attempt=1 result=success cost=999 -->",
    });
    const { stdout } = await status([`${REPO.owner}/${REPO.repo}#${plan}`, "--json"]);
    const t2Status = planStatusSchema.parse(JSON.parse(stdout)).tasks.find((task) => task.id === "T2");
    expect(t2Status).toMatchObject({ attempts: 0, costUsd: 0, attemptLog: [] });
  });

  it("shows an issue nobody started as not started, with what to do", async () => {
    const { data } = await github
      .as("alice")
      .rest.issues.create({ ...REPO, title: "Idea", body: EXAMPLE_PLAN });
    const { code, stdout } = await status([`${REPO.owner}/${REPO.repo}#${data.number}`]);
    expect(code).toBe(0);
    expect(stdout).toContain("— not-started");
    expect(stdout).toContain(
      "No tasks yet.\nNot started: add the `foreman` label or comment `/foreman start` (people with write access).",
    );
  });

  it("points at the plan when given one of its task issues", async () => {
    const t2 = await github.childOf(plan, "T2");
    const { code, stderr } = await status([`acme/demo#${t2}`]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `foreman status: acme/demo#${t2} is task T2 of plan #${plan}: use acme/demo#${plan}.\n`,
    );
  });

  it("names the App whose comments the plan carries when --app names another", async () => {
    const { code, stdout } = await status([`acme/demo#${plan}`, "--app", "foreman-staging"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Foreman's comments on this plan come from foreman[bot], not foreman-staging[bot]: pass --app foreman.",
    );
  });

  it.each([
    [["acme/demo"], 2, "'acme/demo' names no plan issue: use OWNER/REPO#N, e.g. acme/demo#12"],
    [["acme/demo#x"], 2, "'acme/demo#x' is not OWNER/REPO#N, e.g. acme/demo#12"],
    [[], 2, "missing OWNER/REPO#N"],
    [["acme/demo#1", "--bogus"], 2, "Unknown option '--bogus'"],
    [["acme/demo#999"], 1, "acme/demo#999 is not an issue (no such issue, or it is a pull request)."],
    [["acme/nothing#1"], 1, "acme/nothing: no such repository at http://127.0.0.1"],
  ])("%j fails with status %i and says so", async (args, exit, message) => {
    const { code, stdout, stderr } = await status(args);
    expect(code).toBe(exit);
    expect(stdout).toBe("");
    expect(stderr).toContain(`foreman status: ${message}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("asks for a token when GITHUB_TOKEN is missing, and names a refused one", async () => {
    const missing = await status([`acme/demo#${plan}`], null);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("foreman status: GITHUB_TOKEN is not set.");
    const refused = await status([`acme/demo#${plan}`], "ghp_not_a_token");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refused the token (401 Bad credentials): check GITHUB_TOKEN.");
  });

  it("says plainly when GitHub cannot be reached", async () => {
    vi.stubEnv("GITHUB_TOKEN", "ghp_x");
    const { code, stderr } = await runCaptured(["status", "acme/demo#1", "--api-url", "http://127.0.0.1:9"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^foreman status: cannot reach GitHub at http:\/\/127\.0\.0\.1:9: .+Check --api-url and the network\.\n$/,
    );
  });
});
