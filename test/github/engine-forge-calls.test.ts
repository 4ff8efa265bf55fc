import { type Emulator, startEmulator } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForemanOctokit } from "../../src/github/create-foreman-octokit.ts";
import { createOctokitEngineForge } from "../../src/github/create-octokit-engine-forge.ts";
import type { EngineForge } from "../../src/github/engine-forge.ts";
import { SIMULATION_OCTOKIT_SETTINGS } from "../../src/sim/simulate/start-foreman-app.ts";
import { installationToken, startWebhookReceiver } from "../action/world-helpers.ts";

const repo = { owner: "acme", repo: "demo" };

/**
 * The engine's retry and landing calls against the local GitHub, through the Octokit `npm start` builds
 * and an installation token: what they send is checked against GitHub's API description on the way.
 */
describe("the engine's GitHub calls", () => {
  let emulator: Emulator;
  let engine: EngineForge;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let octokit: InstanceType<ReturnType<typeof createForemanOctokit>>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    emulator = await startEmulator({
      repos: ["acme/demo"],
      workflowJob: async (context) => {
        for (let line = 1; line <= 2000; line++) context.log(`step output line ${line}`);
        context.log("Error: expected 3 to equal 4");
        return { conclusion: "failure" };
      },
    });
    const app = await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "s" });
    const Octokit = createForemanOctokit(SIMULATION_OCTOKIT_SETTINGS);
    const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    octokit = new Octokit({
      auth: { token: await installationToken(emulator, app) },
      baseUrl: emulator.url,
      log,
    });
    engine = createOctokitEngineForge({
      request: (route, parameters) => octokit.request(route, parameters),
      ...repo,
      selfLogin: `${app.slug}[bot]`,
    });
  });
  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  it("reads a failing check's annotations and the end of its job's log for the next attempt's feedback", async () => {
    const dispatched = await engine.dispatchWorkflow("foreman-task.yml", "main", {
      plan: "1",
      task: "T1",
      attempt: "1",
    });
    if (dispatched.kind !== "run" || dispatched.runId === null) throw new Error("no run");
    await emulator.waitForIdle();
    const jobs = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
      ...repo,
      run_id: dispatched.runId,
    });
    const jobId = jobs.data.jobs[0]?.id ?? 0;
    const main = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
      ...repo,
      branch: "main",
    });
    const check = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      ...repo,
      name: "test",
      head_sha: main.data.commit.sha,
      conclusion: "failure",
      output: {
        title: "1 failing",
        summary: "add",
        annotations: [
          {
            path: "src/calculator.js",
            start_line: 2,
            end_line: 2,
            annotation_level: "failure",
            message: "expected 3 to equal 4",
          },
        ],
      },
    });
    // The job URL GitHub gives an Actions check run.
    const url = `${emulator.url}/acme/demo/actions/runs/${dispatched.runId}/job/${jobId}`;
    const details = await engine.readCheckDetails(Number(check.data.id), url);
    expect(details.annotations).toEqual([
      { path: "src/calculator.js", line: 2, message: "expected 3 to equal 4" },
    ]);
    expect(details.logTail).toMatch(/Error: expected 3 to equal 4\n?$/);
    expect(details.logTail?.length).toBeLessThanOrEqual(8000);
    expect(details.logTail?.startsWith("step output line 1\n")).toBe(false);
    // Another app's check has no job log to read.
    expect(
      (
        await engine.readCheckDetails(
          Number(check.data.id),
          `${emulator.url}/acme/demo/runs/${check.data.id}`,
        )
      ).logTail,
    ).toBeNull();
  });

  it("cancels a finished run as nothing to do, and brings a branch up to date or names the conflict", async () => {
    const runs = await octokit.request("GET /repos/{owner}/{repo}/actions/runs", repo);
    await expect(engine.cancelRun(Number(runs.data.workflow_runs[0]?.id ?? 0))).resolves.toBeUndefined();
    const main = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
      ...repo,
      branch: "main",
    });
    await engine.commitFile({
      branch: "foreman/1/T2",
      baseSha: main.data.commit.sha,
      path: "NOTES.md",
      content: "task\n",
      message: "T2",
    });
    const pull = await engine.openPull({ branch: "foreman/1/T2", base: "main", title: "T2", body: "T2" });
    expect(await engine.updateBranch(pull.number, pull.headSha)).toBe("refused");
    // The README changes on main: merging main into the task branch works.
    await engine.commitFile({
      branch: "side",
      baseSha: main.data.commit.sha,
      path: "README.md",
      content: "new\n",
      message: "side",
    });
    const side = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
      ...repo,
      branch: "side",
    });
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
      ...repo,
      ref: "heads/main",
      sha: side.data.commit.sha,
      force: true,
    });
    expect(await engine.updateBranch(pull.number, "0".repeat(40))).toBe("refused");
    expect(await engine.updateBranch(pull.number, pull.headSha)).toBe("updated");
    await emulator.waitForIdle();
    // Now main rewrites the file the task wrote: no merge can bring the branch up to date.
    await engine.commitFile({
      branch: "side",
      baseSha: side.data.commit.sha,
      path: "NOTES.md",
      content: "main's\n",
      message: "notes",
    });
    const conflicting = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
      ...repo,
      branch: "side",
    });
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
      ...repo,
      ref: "heads/main",
      sha: conflicting.data.commit.sha,
      force: true,
    });
    const head = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...repo,
      pull_number: pull.number,
    });
    expect(await engine.updateBranch(pull.number, head.data.head.sha)).toBe("conflict");
  });
});
