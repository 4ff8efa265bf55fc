import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BareRepo, startEmulator } from "@foreman/local-github";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Diagnosis } from "../../src/cli/diagnose-setup.ts";
import { type LocalForeman, startLocalForeman } from "../mcp/local-foreman.ts";
import { runCaptured } from "./run-cli.ts";

/** Where `foreman emulator --data DIR` keeps its state (the file its persistence test reads too). */
const STATE_FILE = "emulator-state.json";

const gitText = async (args: string[], options: { cwd: string }) =>
  (await promisify(execFile)("git", args, options)).stdout;

/** What the README asks of a repository: `foreman init` in a checkout, committed and pushed. */
async function initAndPush(gitDir: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "foreman-doctor-clone-"));
  try {
    await gitText(["clone", "--quiet", gitDir, work], { cwd: tmpdir() });
    const init = await runCaptured(["init", "--force"], { cwd: work });
    expect(init.code).toBe(0);
    await gitText(["add", ".github"], { cwd: work });
    await gitText(
      [
        "-c",
        "user.name=Dev",
        "-c",
        "user.email=dev@example.test",
        "commit",
        "--quiet",
        "-m",
        "Set up Foreman",
      ],
      {
        cwd: work,
      },
    );
    await gitText(["push", "--quiet", "origin", "HEAD:refs/heads/main"], { cwd: work });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const lines = (stdout: string) => stdout.split("\n").filter((line) => /^[✓✗!?] /.test(line));

describe("foreman doctor on a repository of the local GitHub set up as the README says", () => {
  let github: LocalForeman;
  beforeAll(async () => {
    github = await startLocalForeman();
    await initAndPush(github.gitDir);
    await github.emulator.waitForIdle();
  });
  afterAll(async () => github.close());
  afterEach(() => vi.unstubAllEnvs());

  const doctor = (token: string, ...args: string[]) => {
    vi.stubEnv("GITHUB_TOKEN", token);
    vi.stubEnv("APP_ID", "");
    return runCaptured(["doctor", ...args, "--api-url", github.emulator.url]);
  };

  it("passes for the repository's admin, checking the App through the organization's installations", async () => {
    const { code, stdout, stderr } = await doctor(github.emulator.token, "acme/demo");
    expect(stderr).toBe("");
    expect(lines(stdout)).toEqual([
      "✓ config: .github/foreman.yml is valid",
      "✓ GitHub App: foreman is installed on acme/demo with every permission and event app.yml asks",
      "✓ task workflow: .github/workflows/foreman-task.yml on main is valid and dispatchable with plan, task, attempt",
      "✓ required checks: main requires test (rulesets and branch protection)",
      "✓ merging: merge: auto — Foreman merges each verified PR",
    ]);
    expect(stdout).toContain("seen as @octo-admin:");
    expect(stdout).toContain("Ready: write a plan in an issue and add the `foreman` label.");
    expect(code).toBe(0);
    expect(github.emulator.violations()).toEqual([]);
  });

  it("checks the installation as the App itself with APP_ID and PRIVATE_KEY", async () => {
    vi.stubEnv("GITHUB_TOKEN", github.emulator.userToken("alice"));
    vi.stubEnv("APP_ID", github.appCredentials.appId);
    vi.stubEnv("PRIVATE_KEY", github.appCredentials.privateKey);
    const { code, stdout } = await runCaptured(["doctor", "acme/demo", "--api-url", github.emulator.url]);
    expect(lines(stdout)[1]).toBe(
      "✓ GitHub App: foreman is installed on acme/demo with every permission and event app.yml asks",
    );
    expect(code).toBe(0);
  });

  it("says what it cannot see with a writer's token, and how to check it, without failing", async () => {
    const { code, stdout } = await doctor(github.emulator.userToken("alice"), "acme/demo");
    expect(stdout).toContain(
      "? GitHub App: cannot check: this token cannot list acme's app installations (that takes an organization owner)\n    fix: Set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to the App's, as for `npm start`, and run doctor again.",
    );
    expect(code).toBe(0);
  });

  it("names the events and the App an installation lacks", async () => {
    await github.emulator.createApp({
      webhookUrl: "http://127.0.0.1:9/none",
      webhookSecret: "s",
      slug: "foreman-lite",
      events: ["issues", "issue_comment"],
    });
    const lite = await doctor(github.emulator.token, "acme/demo", "--app", "foreman-lite");
    expect(lite.stdout).toContain(
      "✗ GitHub App: foreman-lite is installed on acme/demo but lacks what app.yml asks\n    - events: pull_request, pull_request_review, check_suite, check_run, status, workflow_run, merge_group\n    fix: Give the App these on its settings page",
    );
    expect(lite.code).toBe(1);
    const absent = await doctor(github.emulator.token, "acme/demo", "--app", "foremen");
    expect(absent.stdout).toContain(
      `✗ GitHub App: the App foremen is not installed on acme\n    fix: Install it: ${github.emulator.url}/apps/foremen/installations/new (or pass --app SLUG if your Foreman App has another name).`,
    );
    expect(absent.stdout).toContain("1 thing missing: fix it and run `foreman doctor` again.");
  });

  it("--json gives every finding with its outcome and fix", async () => {
    const { stdout } = await doctor(github.emulator.token, "acme/demo", "--json");
    const diagnosis = JSON.parse(stdout) as Diagnosis;
    expect(diagnosis).toMatchObject({
      repository: "acme/demo",
      as: "@octo-admin",
      defaultBranch: "main",
      ready: true,
    });
    expect(diagnosis.checks.map((check) => [check.name, check.outcome])).toEqual([
      ["config", "ok"],
      ["GitHub App", "ok"],
      ["task workflow", "ok"],
      ["required checks", "ok"],
      ["merging", "ok"],
    ]);
  });

  it.each([
    [
      ["acme/demo#3"],
      2,
      "foreman doctor: 'acme/demo#3' names an issue; give the repository only: OWNER/REPO, e.g. acme/demo",
    ],
    [["acme/ghost"], 1, "foreman doctor: acme/ghost: no such repository at http://127.0.0.1:"],
    [[], 2, "foreman doctor: missing OWNER/REPO, e.g. acme/demo"],
  ])("%j: status %i with a clear message", async (args, exit, message) => {
    const { code, stderr } = await doctor(github.emulator.token, ...args);
    expect(code).toBe(exit);
    expect(stderr.startsWith(message)).toBe(true);
  });
});

describe("foreman doctor on repositories that are not set up", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "foreman-doctor-data-"));
    const first = await startEmulator({ dataDir });
    for (const name of ["acme/bare", "acme/wrongflow"]) {
      const { gitDir } = await first.seedRepository(name);
      const git = await BareRepo.open(gitDir);
      await git.commitFiles({
        branch: "main",
        files:
          name === "acme/bare"
            ? {
                ".github/workflows/foreman-task.yml": null,
                ".github/foreman.yml": "concurency: 2\nmerge: always\n",
              }
            : {
                ".github/foreman.yml": "workflow: agent.yml\n",
                ".github/workflows/agent.yml":
                  "on:\n  workflow_dispatch:\n    inputs:\n      plan: {type: string}\njobs:\n  run:\n    runs-on: ubuntu-latest\n    stepz: []\n",
              },
        message: "Half a setup",
        author: { name: "Dev", email: "dev@example.test" },
      });
      await git.close();
    }
    await first.close();
    // The local GitHub seeds every repository with a required check; this one never got one.
    const statePath = join(dataDir, STATE_FILE);
    const state = JSON.parse(await readFile(statePath, "utf8"));
    state.repositories["acme/bare"].requiredStatusChecks = {};
    await writeFile(statePath, JSON.stringify(state));
    emulator = await startEmulator({ dataDir });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(() => vi.unstubAllEnvs());

  const doctor = (repository: string) => {
    vi.stubEnv("GITHUB_TOKEN", emulator.token);
    vi.stubEnv("APP_ID", "");
    return runCaptured(["doctor", repository, "--api-url", emulator.url]);
  };

  it("names each missing piece with its fix", async () => {
    const { code, stdout } = await doctor("acme/bare");
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        "✗ config: .github/foreman.yml on main has problems; plans will not start until they are fixed",
        '    - merge: must be "auto" or "review", got "always"',
        "    - concurency: is not a Foreman setting — did you mean `concurrency`?",
      ].join("\n"),
    );
    expect(stdout).toContain("✗ GitHub App: the App foreman is not installed on acme\n    fix: Install it:");
    expect(stdout).toContain(
      "✗ task workflow: .github/workflows/foreman-task.yml is not on main\n    fix: Run `foreman init` in your checkout, then commit and push .github/ to the default branch.",
    );
    expect(stdout).toContain(
      "✗ required checks: main requires no status checks, so Foreman has nothing to verify tasks with\n    fix: Add a branch ruleset on main that requires your CI's check",
    );
    expect(stdout).toContain("4 things missing: fix them and run `foreman doctor` again.");
    expect(emulator.violations()).toEqual([]);
  });

  it("reads the workflow the config names and reports GitHub's parser's findings with their lines", async () => {
    const { code, stdout } = await doctor("acme/wrongflow");
    expect(code).toBe(1);
    expect(stdout).toContain(
      "✗ task workflow: .github/workflows/agent.yml on main is not a workflow Foreman can dispatch\n    - .github/workflows/agent.yml (Line: 8, Col: 5): Unexpected value 'stepz'",
    );
  });
});
