import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import {
  clientFor,
  errorBodyOf,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";
const runDetailsSchema = z.object({ workflow_run_id: z.number() });

describe("re-running, cancelling and reading the logs of workflow runs", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const attemptsSeen: string[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator({
      // Task "flaky" fails its first attempt; task "slow" runs until it is cancelled.
      workflowJob: async (context) => {
        const attempt = context.env.GITHUB_RUN_ATTEMPT ?? "?";
        attemptsSeen.push(`${context.inputs.task}@${attempt}`);
        context.log(`working on ${context.inputs.task}, run attempt ${attempt}`);
        if (context.inputs.task === "slow") {
          await new Promise<void>((resolve) => {
            if (context.signal?.aborted) resolve();
            context.signal?.addEventListener("abort", () => resolve(), { once: true });
          });
          return { conclusion: "cancelled" };
        }
        return { conclusion: context.inputs.task === "flaky" && attempt === "1" ? "failure" : "success" };
      },
    }));
    await emulator.createApp({
      webhookUrl: receiver.url,
      webhookSecret: "secret",
      events: ["workflow_run", "workflow_job"],
    });
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  const dispatch = async (task: string) => {
    const answer = await octokit.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: "foreman-task.yml",
      ref: "main",
      inputs: { plan: "3", task, attempt: "1" },
      return_run_details: true,
    });
    return runDetailsSchema.parse(answer.data).workflow_run_id;
  };

  it("re-runs a failed job as a new run attempt on the local runner, with its webhooks", async () => {
    const runId = await dispatch("flaky");
    await emulator.waitForIdle();
    const first = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    const failedJob = first.data.jobs[0];
    expect(failedJob).toMatchObject({ conclusion: "failure", run_attempt: 1 });
    // A completed run with no failed job has nothing to re-run; a running one cannot be re-run yet.
    expect(
      await statusOf(octokit.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId + 999_999 })),
    ).toBe(404);

    const rerun = await octokit.actions.reRunJobForWorkflowRun({ owner, repo, job_id: failedJob?.id ?? 0 });
    expect(rerun.status).toBe(201);
    await emulator.waitForIdle();
    const run = await octokit.actions.getWorkflowRun({ owner, repo, run_id: runId });
    expect(run.data).toMatchObject({
      status: "completed",
      conclusion: "success",
      run_attempt: 2,
      previous_attempt_url: `${emulator.url}/repos/acme/demo/actions/runs/${runId}/attempts/1`,
    });
    const latest = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    expect(latest.data.jobs).toEqual([expect.objectContaining({ conclusion: "success", run_attempt: 2 })]);
    expect(latest.data.jobs[0]?.id).not.toBe(failedJob?.id);
    const all = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId, filter: "all" });
    expect(all.data.jobs.map((job) => [job.run_attempt, job.conclusion])).toEqual([
      [1, "failure"],
      [2, "success"],
    ]);
    expect(attemptsSeen.filter((seen) => seen.startsWith("flaky"))).toEqual(["flaky@1", "flaky@2"]);
    const completions = receiver
      .ofEvent("workflow_run", "completed")
      .map(
        (delivery) =>
          z
            .object({
              workflow_run: z.object({ id: z.number(), run_attempt: z.number(), conclusion: z.string() }),
            })
            .parse(delivery.payload).workflow_run,
      )
      .filter((completed) => completed.id === runId);
    expect(completions.map((completed) => [completed.run_attempt, completed.conclusion])).toEqual([
      [1, "failure"],
      [2, "success"],
    ]);
    expect(
      receiver
        .ofEvent("workflow_job", "completed")
        .filter((delivery) => JSON.stringify(delivery.payload).includes(`"run_id":${runId}`)),
    ).toHaveLength(2);

    // Nothing failed any more: re-running the failed jobs is refused.
    expect(
      await errorBodyOf(octokit.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId })),
    ).toMatchObject({
      status: "403",
    });
  });

  it("re-runs every failed job of a run", async () => {
    const runId = await dispatch("flaky");
    await emulator.waitForIdle();
    expect((await octokit.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId })).status).toBe(201);
    await emulator.waitForIdle();
    const run = await octokit.actions.getWorkflowRun({ owner, repo, run_id: runId });
    // The job sees its run attempt, so this flaky job passes on the second one.
    expect(run.data).toMatchObject({ conclusion: "success", run_attempt: 2 });
  });

  it("cancels a running run: the job is stopped, the run ends cancelled, and a finished run answers 409", async () => {
    const runId = await dispatch("slow");
    const deadline = Date.now() + 10_000;
    while (!attemptsSeen.includes("slow@1") && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const jobs = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    // A run still in progress cannot be re-run.
    expect(
      await statusOf(
        octokit.actions.reRunJobForWorkflowRun({ owner, repo, job_id: jobs.data.jobs[0]?.id ?? 0 }),
      ),
    ).toBe(403);
    expect((await octokit.actions.cancelWorkflowRun({ owner, repo, run_id: runId })).status).toBe(202);
    await emulator.waitForIdle();
    const run = await octokit.actions.getWorkflowRun({ owner, repo, run_id: runId });
    expect(run.data).toMatchObject({ status: "completed", conclusion: "cancelled" });
    const after = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    expect(after.data.jobs[0]).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(
      await errorBodyOf(octokit.actions.cancelWorkflowRun({ owner, repo, run_id: runId })),
    ).toMatchObject({
      message: "Cannot cancel a workflow run that is completed.",
      status: "409",
    });
    // Only writers may cancel.
    const reader = clientFor(emulator, emulator.userToken("passer-by"));
    expect(await statusOf(reader.actions.cancelWorkflowRun({ owner, repo, run_id: runId }))).toBe(403);
  });

  it("redirects a job's logs to a short-lived download link that needs no credentials", async () => {
    const runId = await dispatch("steady");
    await emulator.waitForIdle();
    const jobs = await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId });
    const jobId = jobs.data.jobs[0]?.id ?? 0;
    const answer = await fetch(`${emulator.url}/repos/acme/demo/actions/jobs/${jobId}/logs`, {
      headers: { authorization: `token ${emulator.token}` },
      redirect: "manual",
    });
    expect(answer.status).toBe(302);
    const location = answer.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${emulator.url}/_downloads/job-logs/${jobId}\\?urlExpires=`));
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain("working on steady, run attempt 1");
    const forged = await fetch(location.replace(/urlSignature=[^&]+/, "urlSignature=forged"));
    expect(forged.status).toBe(403);
    // Octokit follows the redirect, as against GitHub.
    const viaOctokit = await octokit.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: jobId });
    expect(String(viaOctokit.data)).toContain("working on steady");
    expect(await statusOf(octokit.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: 1 }))).toBe(
      404,
    );
  });
});
