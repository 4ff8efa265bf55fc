import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BareRepo, RefUpdate } from "../../src/git/bare-repo.ts";
import { commandJob, type JobContext, runWorkflowJob } from "../../src/runner/local-runner.ts";
import { demoRepositoryFiles } from "../../src/seed/demo-repository-files.ts";
import { gitIn, tempRepos } from "../git/temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

const TOKEN = "ghs_localRunnerTestToken123";

async function demoRepository(): Promise<{ repo: BareRepo; sha: string }> {
  const repo = await temp.create(demoRepositoryFiles("acme/demo"));
  return { repo, sha: (await repo.resolve("main")) ?? "" };
}

function runOptions(repo: BareRepo, sha: string) {
  return {
    repo,
    sha,
    ref: "refs/heads/main",
    repository: "acme/demo",
    workflowPath: ".github/workflows/foreman-task.yml",
    inputs: { plan: "7", task: "T1", attempt: "2", "model name": "opus" },
    runId: 4242,
    runNumber: 17,
    token: TOKEN,
    apiUrl: "http://127.0.0.1:3999",
    serverUrl: "http://127.0.0.1:3999",
    event: {
      inputs: { plan: "7", task: "T1", attempt: "2" },
      ref: "refs/heads/main",
      sender: { login: "octocat" },
    },
    eventName: "workflow_dispatch",
  };
}

describe("runWorkflowJob", () => {
  it("runs the job in a fresh clone at the sha with the environment GitHub's runner sets", async () => {
    const { repo, sha } = await demoRepository();
    let seen: JobContext | undefined;
    let headInWorkspace = "";
    let branchInWorkspace = "";
    let eventFromFile: unknown;
    const result = await runWorkflowJob({
      ...runOptions(repo, sha),
      job: async (context) => {
        seen = context;
        headInWorkspace = await gitIn(context.workspace, "rev-parse", "HEAD");
        branchInWorkspace = await gitIn(context.workspace, "rev-parse", "--abbrev-ref", "HEAD");
        eventFromFile = JSON.parse(await readFile(context.env.GITHUB_EVENT_PATH ?? "", "utf8"));
        context.log(
          `workspace has ${existsSync(join(context.workspace, "package.json")) ? "" : "no "}package.json`,
        );
        return { conclusion: "success" };
      },
    });

    expect(result.conclusion).toBe("success");
    expect(headInWorkspace).toBe(sha);
    expect(branchInWorkspace).toBe("main");
    expect(eventFromFile).toEqual(runOptions(repo, sha).event);
    expect(result.log).toContain("workspace has package.json");
    const env = seen?.env ?? {};
    expect(env).toMatchObject({
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: seen?.workspace,
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_REPOSITORY: "acme/demo",
      GITHUB_REPOSITORY_OWNER: "acme",
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_NUMBER: "17",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_SHA: sha,
      GITHUB_REF: "refs/heads/main",
      GITHUB_REF_NAME: "main",
      GITHUB_REF_TYPE: "branch",
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: "http://127.0.0.1:3999",
      GITHUB_SERVER_URL: "http://127.0.0.1:3999",
      GITHUB_GRAPHQL_URL: "http://127.0.0.1:3999/graphql",
      GITHUB_WORKFLOW: "Foreman task",
      GITHUB_WORKFLOW_REF: "acme/demo/.github/workflows/foreman-task.yml@refs/heads/main",
      GITHUB_JOB: "task",
      GITHUB_ACTOR: "octocat",
      RUNNER_OS: "Linux",
      RUNNER_NAME: "foreman-local-runner",
      INPUT_PLAN: "7",
      INPUT_TASK: "T1",
      INPUT_ATTEMPT: "2",
      INPUT_MODEL_NAME: "opus",
    });
    expect(env.RUNNER_ARCH).toMatch(/^(X64|ARM64|ARM|X86)$/);
    for (const name of [
      "GITHUB_OUTPUT",
      "GITHUB_STEP_SUMMARY",
      "GITHUB_ENV",
      "GITHUB_PATH",
      "GITHUB_STATE",
    ]) {
      expect(env[name]?.startsWith(env.RUNNER_TEMP ?? "?")).toBe(true);
    }
    expect(seen?.inputs).toEqual(runOptions(repo, sha).inputs);
    expect(result.startedAt <= result.completedAt).toBe(true);
    expect(result.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Everything the run created is gone afterwards.
    expect(existsSync(seen?.workspace ?? "")).toBe(false);
    expect(existsSync(env.RUNNER_TEMP ?? "")).toBe(false);
  });

  it("collects outputs in both file-command forms, the step summary and the log, masking the token", async () => {
    const { repo, sha } = await demoRepository();
    const script = [
      'echo "pr_number=12" >> "$GITHUB_OUTPUT"',
      '{ echo "report<<EOF_7f3a"; echo "line one"; echo "a=b << not a heredoc"; echo "EOF_7f3a"; } >> "$GITHUB_OUTPUT"',
      'echo "### Attempt 2 of T1" >> "$GITHUB_STEP_SUMMARY"',
      'echo "working with $GITHUB_TOKEN"',
      'echo "to stderr" >&2',
    ].join("\n");
    const result = await runWorkflowJob({ ...runOptions(repo, sha), job: commandJob(script) });
    expect(result.conclusion).toBe("success");
    expect(result.outputs).toEqual({ pr_number: "12", report: "line one\na=b << not a heredoc" });
    expect(result.summary).toBe("### Attempt 2 of T1\n");
    expect(result.log).toContain("working with ***");
    expect(result.log).toContain("to stderr");
    expect(result.log).not.toContain(TOKEN);
  });

  it("fails the job when it throws, with the error in the log", async () => {
    const { repo, sha } = await demoRepository();
    const result = await runWorkflowJob({
      ...runOptions(repo, sha),
      job: async () => {
        throw new Error("the agent crashed");
      },
    });
    expect(result.conclusion).toBe("failure");
    expect(result.log).toContain("##[error]Error: the agent crashed");
    expect(result.outputs).toEqual({});
  });

  it("fails the job on a non-zero exit code or a malformed output file", async () => {
    const { repo, sha } = await demoRepository();
    const exited = await runWorkflowJob({ ...runOptions(repo, sha), job: commandJob("echo before; exit 3") });
    expect(exited.conclusion).toBe("failure");
    expect(exited.log).toContain("before");
    expect(exited.log).toContain("Process completed with exit code 3.");

    const malformed = await runWorkflowJob({
      ...runOptions(repo, sha),
      job: commandJob('echo "value<<EOF" >> "$GITHUB_OUTPUT"; echo "never closed" >> "$GITHUB_OUTPUT"'),
    });
    expect(malformed.conclusion).toBe("failure");
    expect(malformed.log).toContain('no line "EOF" closes the value of "value"');
  });

  it("fails with an explanation when the sha cannot be checked out", async () => {
    const { repo } = await demoRepository();
    let ran = false;
    const result = await runWorkflowJob({
      ...runOptions(repo, "1".repeat(40)),
      job: async () => {
        ran = true;
        return { conclusion: "success" };
      },
    });
    expect(ran).toBe(false);
    expect(result.conclusion).toBe("failure");
    expect(result.log).toMatch(/Checkout of 1{40} .* does not exist/);
  });

  it("runs the demo repository's own tests as a run step, and pushes from the workspace reach the repository", async () => {
    const { repo, sha } = await demoRepository();
    const heard: RefUpdate[][] = [];
    repo.watchPushes((updates) => heard.push(updates));
    const script = [
      "npm test",
      "git checkout --quiet -b foreman/7/T1",
      "echo done > done.txt",
      "git add done.txt",
      'git -c user.name="Foreman" -c user.email="foreman@example.com" commit --quiet -m "Task T1"',
      "git push --quiet origin foreman/7/T1",
      'echo "head=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"',
    ].join(" && ");
    const result = await runWorkflowJob({ ...runOptions(repo, sha), job: commandJob(script) });
    expect(result.conclusion, result.log).toBe("success");
    // node --test prints "# pass 4" (TAP, Node 20) or "ℹ pass 4" (spec reporter, Node 22+).
    expect(result.log).toMatch(/pass 4/);
    expect(heard).toEqual([[{ ref: "refs/heads/foreman/7/T1", before: null, after: result.outputs.head }]]);
    expect((await repo.readFile("foreman/7/T1", "done.txt"))?.content.toString()).toBe("done\n");
  });

  it("checks out detached for a tag or pull ref, and reports the ref's name and type", async () => {
    const { repo, sha } = await demoRepository();
    await repo.setRef("refs/tags/v1.0.0", sha, null);
    const seen: Record<string, string> = {};
    const result = await runWorkflowJob({
      ...runOptions(repo, sha),
      ref: "refs/tags/v1.0.0",
      apiUrl: "https://ghe.example.com/api/v3",
      job: async (context) => {
        seen.refName = context.env.GITHUB_REF_NAME ?? "";
        seen.refType = context.env.GITHUB_REF_TYPE ?? "";
        seen.graphql = context.env.GITHUB_GRAPHQL_URL ?? "";
        seen.head = await gitIn(context.workspace, "rev-parse", "--abbrev-ref", "HEAD");
        return { conclusion: "success" };
      },
    });
    expect(result.conclusion).toBe("success");
    expect(seen).toEqual({
      refName: "v1.0.0",
      refType: "tag",
      graphql: "https://ghe.example.com/api/graphql",
      head: "HEAD",
    });
  });

  it("cancels a running command job when the run's signal aborts", async () => {
    const { repo, sha } = await demoRepository();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const result = await runWorkflowJob({
      ...runOptions(repo, sha),
      signal: controller.signal,
      job: commandJob("echo started; sleep 30"),
    });
    expect(result.conclusion).toBe("cancelled");
    expect(result.log).toContain("started");
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
