import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BareRepo } from "@foreman/local-github";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type LocalForeman, startLocalForeman } from "../mcp/local-foreman.ts";
import { runCaptured } from "./run-cli.ts";

const T1_REPORT = "# T1 report\n\nThe Action's own words: bucket implemented, 3 tests added.\n";

describe("foreman report OWNER/REPO#N [TASK] against the local GitHub", () => {
  let github: LocalForeman;
  let plan: number;
  let pr: number;
  let out: string;
  beforeAll(async () => {
    github = await startLocalForeman();
    plan = await github.openPlan(EXAMPLE_PLAN);
    ({ pr } = await github.recordAttempt(plan, "T1", {
      n: 1,
      result: "success",
      cost: 0.3,
      files: { [`.foreman/reports/${plan}/T1.md`]: T1_REPORT, "src/bucket.js": "export {};\n" },
    }));
    await github.recordAttempt(plan, "T2", {
      n: 1,
      result: "failed",
      cost: 0.12,
      files: { "src/key.js": "x\n" },
    });
    out = await mkdtemp(join(tmpdir(), "foreman-report-"));
  });
  afterAll(async () => {
    await github.close();
    await rm(out, { recursive: true, force: true });
  });
  afterEach(() => vi.unstubAllEnvs());

  const report = (...args: string[]) => {
    vi.stubEnv("GITHUB_TOKEN", github.emulator.userToken("bob"));
    return runCaptured(["report", ...args, "--api-url", github.emulator.url], { cwd: out });
  };

  it("prints the plan summary: every task with state, links, attempts and cost, then the totals", async () => {
    const { code, stdout, stderr } = await report(`acme/demo#${plan}`);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Plan #1: Plan — running\n/);
    expect(stdout).toContain("| Task | Title | State | Issue | PR | Checks | Attempts | Cost |");
    expect(stdout).toMatch(
      new RegExp(
        `\\| T1 \\| Token bucket \\| 🔍 verifying \\| \\[#\\d+\\]\\(http://127\\.0\\.0\\.1:\\d+/acme/demo/issues/\\d+\\) \\| \\[#${pr}\\]\\(http://127\\.0\\.0\\.1:\\d+/acme/demo/pull/${pr}\\) \\| \\w+ \\| 1 \\| \\$0\\.30 \\|`,
      ),
    );
    expect(stdout).toContain("| T3 | Middleware | ⏳ pending |");
    expect(stdout).toContain("**4 tasks**: ");
    expect(stdout).toContain("**2 attempts** · **$0.42**");
  });

  it("prints the report file the Action committed on the task's branch", async () => {
    const { code, stdout } = await report(`acme/demo#${plan}`, "t1");
    expect(code).toBe(0);
    expect(stdout).toBe(T1_REPORT);
  });

  it("finds the report on the default branch once the branch is gone", async () => {
    const git = await BareRepo.open(github.gitDir);
    try {
      await git.commitFiles({
        branch: "main",
        files: { [`.foreman/reports/${plan}/T4.md`]: "# T4 merged report\n" },
        message: "T4 landed",
        author: { name: "Dev", email: "dev@example.test" },
      });
    } finally {
      await git.close();
    }
    const { stdout } = await report(`acme/demo#${plan}`, "T4");
    expect(stdout).toBe("# T4 merged report\n");
  });

  it("builds a task's report from GitHub when there is no file: links, attempts, acceptance criteria", async () => {
    const { code, stdout } = await report(`acme/demo#${plan}`, "T2");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# T2: Client identity — 🔍 verifying\n/);
    expect(stdout).toContain("| Attempt | Result | Run | Turns | Tokens in / out | Cost | Duration |");
    expect(stdout).toMatch(/\| 1 \| failed \| \d+ \| 7 \| 1200 \/ 300 \| \$0\.12 \| 42 s \|/);
    expect(stdout).toContain(
      "_No report file on the task's branch or the default branch yet; built from what GitHub shows._",
    );
  });

  it("--out writes the report to a file and says where it came from", async () => {
    const { code, stdout, stderr } = await report(`acme/demo#${plan}`, "T1", "--out", "reports/t1.md");
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `Wrote T1's report (from .foreman/reports/${plan}/T1.md@foreman/${plan}/T1) to reports/t1.md\n`,
    );
    expect(await readFile(join(out, "reports/t1.md"), "utf8")).toBe(T1_REPORT);
  });

  it("names the tasks when asked for one the plan does not have", async () => {
    const { code, stderr } = await report(`acme/demo#${plan}`, "T9");
    expect(code).toBe(1);
    expect(stderr).toBe(`foreman report: acme/demo#${plan} has no task 'T9'; its tasks: T1, T2, T3, T4.\n`);
  });

  it("refuses extra arguments with the usage", async () => {
    const { code, stderr } = await report(`acme/demo#${plan}`, "T1", "T2");
    expect(code).toBe(2);
    expect(stderr).toContain(
      "foreman report: give OWNER/REPO#N and at most one TASK\n\nUsage: foreman report",
    );
  });
});
