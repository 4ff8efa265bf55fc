import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import type { JobContext } from "../../src/runner/local-runner.ts";
import {
  clientFor,
  errorBodyOf,
  pushFiles,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";
const TASK_INPUTS = { plan: "7", task: "t1", attempt: "1" };
const runDetailsSchema = z.object({ workflow_run_id: z.number(), run_url: z.string(), html_url: z.string() });

describe("workflow dispatch on the local runner", () => {
  let emulator: Emulator;
  let octokit: Octokit;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const seen: JobContext[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator({
      // The job calls back with GITHUB_TOKEN, as Foreman's Action will, and fails when asked to.
      workflowJob: async (context) => {
        seen.push(context);
        const client = new Octokit({ auth: context.env.GITHUB_TOKEN, baseUrl: context.env.GITHUB_API_URL });
        const [repoOwner = "", repoName = ""] = (context.env.GITHUB_REPOSITORY ?? "").split("/");
        await client.issues.create({
          owner: repoOwner,
          repo: repoName,
          title: `Report for task ${context.inputs.task}`,
        });
        context.log("created the report issue");
        return { conclusion: context.inputs.attempt === "2" ? "failure" : "success" };
      },
    }));
    await emulator.createApp({
      webhookUrl: receiver.url,
      webhookSecret: "secret",
      events: ["workflow_dispatch", "workflow_run", "workflow_job"],
    });
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  it("finds workflows by file name and by id", async () => {
    const workflow = await octokit.actions.getWorkflow({ owner, repo, workflow_id: "foreman-task.yml" });
    expect(workflow.data).toMatchObject({
      name: "Foreman task",
      path: ".github/workflows/foreman-task.yml",
      state: "active",
    });
    expect((await octokit.actions.getWorkflow({ owner, repo, workflow_id: workflow.data.id })).data.id).toBe(
      workflow.data.id,
    );
    expect(await statusOf(octokit.actions.getWorkflow({ owner, repo, workflow_id: "missing.yml" }))).toBe(
      404,
    );
  });

  it("answers a dispatch with return_run_details with 200 and the run, and runs the job with the runner's environment", async () => {
    const dispatched = await octokit.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: "foreman-task.yml",
      ref: "main",
      inputs: TASK_INPUTS,
      return_run_details: true,
    });
    // @octokit/rest still types this answer as 204 only; the spec documents the 200 with run details.
    const status: number = dispatched.status;
    expect(status).toBe(200);
    const details = runDetailsSchema.parse(dispatched.data);
    const runId = details.workflow_run_id;
    expect(details.run_url).toBe(`${emulator.url}/repos/acme/demo/actions/runs/${runId}`);
    expect(details.html_url).toContain(`/acme/demo/actions/runs/${runId}`);
    await emulator.waitForIdle();

    const run = await octokit.actions.getWorkflowRun({ owner, repo, run_id: runId });
    expect(run.data).toMatchObject({
      id: runId,
      status: "completed",
      conclusion: "success",
      event: "workflow_dispatch",
      head_branch: "main",
      run_number: 1,
      display_title: "Foreman: plan #7, task t1, attempt 1",
      path: ".github/workflows/foreman-task.yml",
    });
    const jobs = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    expect(jobs.data.jobs).toEqual([
      expect.objectContaining({ name: "task", status: "completed", conclusion: "success", run_id: runId }),
    ]);

    const context = seen[0];
    expect(context?.inputs).toEqual(TASK_INPUTS);
    expect(context?.env).toMatchObject({
      INPUT_PLAN: "7",
      INPUT_TASK: "t1",
      GITHUB_REPOSITORY: "acme/demo",
      GITHUB_RUN_ID: String(runId),
      GITHUB_REF: "refs/heads/main",
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_API_URL: emulator.url,
    });
    const report = await octokit.issues.listForRepo({ owner, repo, creator: "github-actions[bot]" });
    expect(report.data.map((issue) => issue.title)).toEqual(["Report for task t1"]);
    // The job's token is revoked when the job ends.
    const revoked = clientFor(emulator, context?.env.GITHUB_TOKEN ?? "no-token-seen");
    expect(await statusOf(revoked.repos.get({ owner, repo }))).toBe(401);

    // In the order GitHub sent them: deliveries overlap, so they may arrive in another.
    const events = emulator
      .deliveries()
      .map(
        (delivery) => `${delivery.event}.${String((delivery.payload as { action?: string }).action ?? "")}`,
      );
    expect(events.filter((event) => event.startsWith("workflow"))).toEqual([
      "workflow_dispatch.",
      "workflow_run.requested",
      "workflow_job.queued",
      "workflow_run.in_progress",
      "workflow_job.in_progress",
      "workflow_job.completed",
      "workflow_run.completed",
    ]);
    expect(receiver.ofEvent("workflow_dispatch")[0]?.payload).toMatchObject({
      inputs: TASK_INPUTS,
      ref: "refs/heads/main",
      workflow: ".github/workflows/foreman-task.yml",
    });
  });

  it("answers a plain dispatch with 204 and records a failed job as a failed run", async () => {
    const dispatched = await octokit.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: "foreman-task.yml",
      ref: "refs/heads/main",
      inputs: { ...TASK_INPUTS, attempt: "2" },
    });
    expect(dispatched.status).toBe(204);
    await emulator.waitForIdle();
    const runs = await octokit.actions.listWorkflowRuns({ owner, repo, workflow_id: "foreman-task.yml" });
    expect(runs.data.total_count).toBe(2);
    expect(runs.data.workflow_runs.map((run) => [run.run_number, run.conclusion])).toEqual([
      [2, "failure"],
      [1, "success"],
    ]);
    const failed = await octokit.actions.listWorkflowRunsForRepo({ owner, repo, status: "failure" });
    expect(failed.data.workflow_runs.map((run) => run.run_number)).toEqual([2]);
    expect(
      (await octokit.actions.listWorkflowRunsForRepo({ owner, repo, branch: "other" })).data.total_count,
    ).toBe(0);
    expect(
      (
        await octokit.actions.listWorkflowRunsForRepo({
          owner,
          repo,
          event: "workflow_dispatch",
          per_page: 1,
        })
      ).headers.link,
    ).toContain('rel="next"');
  });

  it("refuses dispatches GitHub refuses", async () => {
    expect(
      await errorBodyOf(
        octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: "nope.yml", ref: "main" }),
      ),
    ).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
      status: "404",
    });
    expect(
      await errorBodyOf(
        octokit.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: "foreman-task.yml",
          ref: "no-branch",
          inputs: TASK_INPUTS,
        }),
      ),
    ).toMatchObject({ message: "No ref found for: no-branch", status: "422" });
    expect(
      await errorBodyOf(
        octokit.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: "foreman-task.yml",
          ref: "main",
          inputs: { plan: "1" },
        }),
      ),
    ).toMatchObject({ message: "Required input 'task' not provided" });
    expect(
      await errorBodyOf(
        octokit.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: "foreman-task.yml",
          ref: "main",
          inputs: { ...TASK_INPUTS, extra: "x" },
        }),
      ),
    ).toMatchObject({ message: 'Unexpected inputs provided: ["extra"]' });
    const { gitDir } = await emulator.seedRepository("acme/demo");
    await pushFiles(gitDir, {
      branch: "main",
      message: "A push-only workflow",
      files: {
        ".github/workflows/lint.yml":
          "on: issues\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n",
      },
    });
    await emulator.waitForIdle();
    expect(
      await errorBodyOf(
        octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: "lint.yml", ref: "main" }),
      ),
    ).toMatchObject({ message: "Workflow does not have 'workflow_dispatch' trigger" });
    expect(await statusOf(octokit.actions.getWorkflowRun({ owner, repo, run_id: 1 }))).toBe(404);
  });
});
