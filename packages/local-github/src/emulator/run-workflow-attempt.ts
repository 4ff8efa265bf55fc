import { randomBytes } from "node:crypto";
import { runWorkflowJob } from "../runner/local-runner.ts";
import { needsOf, orderJobs, parseWorkflowFile, type WorkflowFile } from "../runner/parse-workflow-file.ts";
import { buildWorkflow } from "./build-workflow.ts";
import { buildWorkflowJob } from "./build-workflow-job.ts";
import { buildWorkflowRun } from "./build-workflow-run.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type {
  RepositoryRecord,
  WorkflowJobRecord,
  WorkflowRecord,
  WorkflowRunRecord,
} from "./emulator-state.ts";

/** The bot a job's `GITHUB_TOKEN` acts as, with write access to the repository the run belongs to. */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

type JobResult = { result: string; outputs: Record<string, string> };

/** The jobs of one run attempt, in `needs` order; `carried` jobs keep the previous attempt's result. */
export type AttemptPlan = {
  workflowFile: WorkflowFile | null;
  jobs: Array<{ key: string | undefined; record: WorkflowJobRecord; carried: boolean }>;
  /**
   * the run's turn in its `concurrency:` group: resolves with the function that hands the group on, or
   * with null when a newer run took this one's place while it waited; absent without a group
   */
  turn?: Promise<(() => void) | null>;
};

async function emitRunEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  workflow: WorkflowRecord,
  action: "requested" | "in_progress" | "completed",
): Promise<void> {
  const commit = await runtime.git(repo).commit(run.headSha);
  runtime.emit(
    repo,
    "workflow_run",
    {
      action,
      workflow_run: buildWorkflowRun(runtime, repo, run, workflow, commit),
      workflow: buildWorkflow(runtime, repo, workflow),
    },
    run.actorLogin,
  );
}

function emitJobEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  job: WorkflowJobRecord,
  action: "queued" | "in_progress" | "completed",
): void {
  runtime.emit(
    repo,
    "workflow_job",
    { action, workflow_job: buildWorkflowJob(runtime, repo, job, run) },
    run.actorLogin,
  );
}

/** The jobs a workflow file has, in the order they run, or one job for the hook or an unreadable file. */
export function planWorkflowJobs(
  runtime: EmulatorRuntime,
  path: string,
  text: string | null,
  fallbackName: string,
): { workflowFile: WorkflowFile | null; jobs: Array<{ key: string | undefined; name: string }> } {
  if (runtime.workflowJob || text === null)
    return { workflowFile: null, jobs: [{ key: undefined, name: fallbackName }] };
  try {
    const workflowFile = parseWorkflowFile(path, text);
    return {
      workflowFile,
      jobs: orderJobs(path, workflowFile).map((key) => ({ key, name: workflowFile.jobs[key]?.name ?? key })),
    };
  } catch {
    // The runner reports the file's problem in the job's log, as GitHub shows a failed run.
    return { workflowFile: null, jobs: [{ key: undefined, name: fallbackName }] };
  }
}

/** A fresh job record of `run`'s current attempt. */
export function newJobRecord(
  runtime: EmulatorRuntime,
  run: WorkflowRunRecord,
  job: { key: string | undefined; name: string },
): WorkflowJobRecord {
  const now = runtime.now();
  return {
    id: runtime.allocateId(),
    runId: run.id,
    name: job.name,
    status: "queued",
    conclusion: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
    outputs: {},
    summary: "",
    log: "",
    runAttempt: run.runAttempt,
    jobKey: job.key ?? null,
  };
}

/**
 * Runs one attempt of a workflow run on the local runner in the background, its jobs one after another
 * in `needs` order (a job whose needs did not all succeed is skipped; a carried job keeps its result):
 * queued → in_progress → completed, with `workflow_run` and `workflow_job` events at each step. The
 * attempt's GITHUB_TOKEN is a token of github-actions[bot]; cancelling the run (runtime.cancelRun)
 * aborts the running job and cancels the ones not started.
 */
export function runWorkflowAttempt(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  workflow: WorkflowRecord,
  plan: AttemptPlan,
): void {
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  runtime.account(ACTIONS_BOT_LOGIN);
  repo.collaborators[ACTIONS_BOT_LOGIN] = repo.collaborators[ACTIONS_BOT_LOGIN] ?? "write";
  runtime.state.tokens[token] = { kind: "user", login: ACTIONS_BOT_LOGIN };
  const cancellation = new AbortController();
  runtime.runCancellations.set(run.id, cancellation);
  runtime.changed();

  runtime.track(
    (async () => {
      await emitRunEvent(runtime, repo, run, workflow, "requested");
      for (const job of plan.jobs) if (!job.carried) emitJobEvent(runtime, repo, run, job.record, "queued");
      const release = plan.turn ? await plan.turn : () => {};
      if (release === null) {
        // A newer run of the group took this one's place while it waited, as on GitHub.
        delete runtime.state.tokens[token];
        runtime.runCancellations.delete(run.id);
        for (const job of plan.jobs) {
          if (job.carried) continue;
          job.record.status = "completed";
          job.record.conclusion = "cancelled";
          job.record.completedAt = runtime.now();
          emitJobEvent(runtime, repo, run, job.record, "completed");
        }
        run.status = "completed";
        run.conclusion = "cancelled";
        run.updatedAt = runtime.now();
        runtime.changed();
        await emitRunEvent(runtime, repo, run, workflow, "completed");
        return;
      }
      try {
        await runAttemptJobs();
      } finally {
        // Whatever happened to the run, the group goes on to the next.
        release();
      }
    })(),
    `workflow run ${run.id} of ${repo.owner}/${repo.name}`,
  );

  async function runAttemptJobs(): Promise<void> {
    const started = runtime.now();
    run.status = "in_progress";
    run.runStartedAt = started;
    run.updatedAt = started;
    await emitRunEvent(runtime, repo, run, workflow, "in_progress");
    const results: Record<string, JobResult> = {};
    try {
      for (const job of plan.jobs) {
        const record = job.record;
        if (job.carried) {
          if (job.key !== undefined)
            results[job.key] = { result: record.conclusion ?? "skipped", outputs: record.outputs };
          continue;
        }
        const definition = job.key === undefined ? undefined : plan.workflowFile?.jobs[job.key];
        const needs = definition ? needsOf(definition) : [];
        const needed = Object.fromEntries(
          needs.map((need) => [need, results[need] ?? { result: "skipped", outputs: {} }]),
        );
        const cancelled = cancellation.signal.aborted;
        if (cancelled || needs.some((need) => results[need]?.result !== "success")) {
          record.status = "completed";
          record.conclusion = cancelled ? "cancelled" : "skipped";
          record.completedAt = runtime.now();
          if (job.key !== undefined) results[job.key] = { result: record.conclusion, outputs: {} };
          emitJobEvent(runtime, repo, run, record, "completed");
          continue;
        }
        record.status = "in_progress";
        record.startedAt = runtime.now();
        emitJobEvent(runtime, repo, run, record, "in_progress");
        const result = await runWorkflowJob({
          repo: runtime.git(repo),
          sha: run.headSha,
          ref: run.ref ?? `refs/heads/${run.headBranch}`,
          repository: `${repo.owner}/${repo.name}`,
          workflowPath: workflow.path,
          inputs: run.inputs,
          runId: run.id,
          runNumber: run.runNumber,
          runAttempt: run.runAttempt,
          token,
          apiUrl: runtime.apiUrl,
          serverUrl: runtime.apiUrl,
          event: run.eventPayload,
          eventName: run.event,
          ...(runtime.workflowJob ? { job: runtime.workflowJob } : {}),
          ...(job.key === undefined ? {} : { jobId: job.key }),
          needs: needed,
          secrets: runtime.actionsSecrets(repo),
          variables: runtime.actionsVariables(repo),
          actionPaths: runtime.actionPaths,
          runnerEnv: runtime.runnerEnv,
          actor: run.actorLogin,
          signal: cancellation.signal,
        });
        record.status = "completed";
        // A job that ignored the cancellation is still reported cancelled, as GitHub stops it.
        record.conclusion = cancellation.signal.aborted ? "cancelled" : result.conclusion;
        record.completedAt = result.completedAt;
        record.outputs = result.outputs;
        record.summary = result.summary;
        record.log = result.log;
        if (job.key !== undefined) results[job.key] = { result: record.conclusion, outputs: result.outputs };
        runtime.changed();
        emitJobEvent(runtime, repo, run, record, "completed");
      }
    } finally {
      delete runtime.state.tokens[token];
      if (runtime.runCancellations.get(run.id) === cancellation) runtime.runCancellations.delete(run.id);
    }
    const conclusions = plan.jobs.map((job) => job.record.conclusion);
    run.status = "completed";
    run.conclusion =
      cancellation.signal.aborted || conclusions.includes("cancelled")
        ? "cancelled"
        : conclusions.includes("failure")
          ? "failure"
          : "success";
    run.updatedAt = runtime.now();
    runtime.changed();
    await emitRunEvent(runtime, repo, run, workflow, "completed");
  }
}
