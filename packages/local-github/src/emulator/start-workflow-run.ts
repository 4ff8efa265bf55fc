import { randomBytes } from "node:crypto";
import { type ExpressionValue, renderTemplate } from "../runner/evaluate-expression.ts";
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
import { enterConcurrencyGroup } from "./enter-concurrency-group.ts";

/** The bot a job's `GITHUB_TOKEN` acts as, with write access to the repository the run belongs to. */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

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

/** The jobs a run has, in the order they run: the workflow file's jobs by `needs`, or one for the hook. */
function plannedJobs(
  runtime: EmulatorRuntime,
  path: string,
  text: string | null,
  fallbackName: string,
): { workflow: WorkflowFile | null; jobs: Array<{ id: string | undefined; name: string }> } {
  if (runtime.workflowJob || text === null)
    return { workflow: null, jobs: [{ id: undefined, name: fallbackName }] };
  try {
    const workflow = parseWorkflowFile(path, text);
    return {
      workflow,
      jobs: orderJobs(path, workflow).map((id) => ({ id, name: workflow.jobs[id]?.name ?? id })),
    };
  } catch {
    // The runner reports the file's problem in the job's log, as GitHub shows a failed run.
    return { workflow: null, jobs: [{ id: undefined, name: fallbackName }] };
  }
}

/**
 * The workflow's `concurrency:` (a group name, or `group` with `cancel-in-progress`) with its
 * expressions evaluated for this run; null without one, or when GitHub would reject the expression.
 */
function concurrencyOf(
  workflow: WorkflowFile | null,
  contexts: Record<string, ExpressionValue>,
): { group: string; cancelInProgress: boolean } | null {
  const declared: unknown = workflow?.concurrency;
  const spec =
    typeof declared === "string"
      ? { group: declared, cancel: false as unknown }
      : typeof declared === "object" && declared !== null && "group" in declared
        ? {
            group: String(declared.group),
            cancel: "cancel-in-progress" in declared ? declared["cancel-in-progress"] : false,
          }
        : null;
  if (spec === null) return null;
  const context = { status: "success" as const, contexts };
  try {
    const group = renderTemplate(spec.group, context).trim();
    const cancel =
      typeof spec.cancel === "string"
        ? renderTemplate(spec.cancel, context).trim() === "true"
        : spec.cancel === true;
    return group === "" ? null : { group, cancelInProgress: cancel };
  } catch {
    return null;
  }
}

/**
 * Creates a workflow run and runs its jobs on the local runner in the background, one after another in
 * `needs` order (a job whose needs did not all succeed is skipped): queued → in_progress → completed,
 * with `workflow_run` and `workflow_job` events at each step. Returns the run at once, as GitHub
 * answers before the run starts. The run's GITHUB_TOKEN is a token of github-actions[bot].
 */
export function startWorkflowRun(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  options: {
    workflow: WorkflowRecord;
    /** the workflow file's text at headSha (null when unreadable) */
    workflowText: string | null;
    /** what the run shows as its title */
    displayTitle: string;
    /** the job name when the file names none (the hook's job) */
    jobName: string;
    ref: string;
    headBranch: string;
    headSha: string;
    inputs: Record<string, string>;
    actorLogin: string;
    event: string;
    eventPayload: Record<string, unknown>;
  },
): WorkflowRunRecord {
  const { workflow } = options;
  const now = runtime.now();
  const runNumber = repo.workflowRuns.filter((run) => run.workflowId === workflow.id).length + 1;
  const run: WorkflowRunRecord = {
    id: runtime.allocateId(),
    workflowId: workflow.id,
    checkSuiteId: runtime.allocateId(),
    runNumber,
    name: workflow.name,
    displayTitle: options.displayTitle,
    headBranch: options.headBranch,
    headSha: options.headSha,
    event: options.event,
    status: "queued",
    conclusion: null,
    actorLogin: options.actorLogin,
    inputs: options.inputs,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  };
  const planned = plannedJobs(runtime, workflow.path, options.workflowText, options.jobName);
  const jobs: Array<{ id: string | undefined; record: WorkflowJobRecord }> = planned.jobs.map((job) => ({
    id: job.id,
    record: {
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
    },
  }));
  repo.workflowRuns.push(run);
  repo.workflowJobs.push(...jobs.map((job) => job.record));
  // GITHUB_TOKEN: a short-lived token of the Actions bot, able to push to and comment on this repository.
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  runtime.account(ACTIONS_BOT_LOGIN);
  repo.collaborators[ACTIONS_BOT_LOGIN] = repo.collaborators[ACTIONS_BOT_LOGIN] ?? "write";
  runtime.state.tokens[token] = { kind: "user", login: ACTIONS_BOT_LOGIN };
  runtime.changed();

  // The group is joined now, in the order runs are created, as GitHub queues them.
  const concurrency = concurrencyOf(planned.workflow, {
    github: {
      event: JSON.parse(JSON.stringify(options.eventPayload)),
      event_name: options.event,
      run_id: String(run.id),
      run_number: String(run.runNumber),
      repository: `${repo.owner}/${repo.name}`,
      ref: options.ref,
      sha: run.headSha,
      actor: options.actorLogin,
      workflow: workflow.name,
    },
    inputs: options.inputs,
    vars: runtime.actionsVariables(repo),
  });
  const abort = new AbortController();
  const turn = concurrency
    ? enterConcurrencyGroup(
        runtime,
        `${repo.owner}/${repo.name}:${concurrency.group}`,
        { runId: run.id, cancel: () => abort.abort() },
        concurrency.cancelInProgress,
      )
    : Promise.resolve(() => {});
  runtime.track(
    (async () => {
      await emitRunEvent(runtime, repo, run, workflow, "requested");
      for (const job of jobs) emitJobEvent(runtime, repo, run, job.record, "queued");
      const release = await turn;
      if (release === null) {
        // A newer run of the group took this one's place while it waited, as on GitHub.
        delete runtime.state.tokens[token];
        for (const job of jobs) {
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
      await executeRun(abort.signal);
    })().finally(() => {
      // Whatever happened to the run, the group goes on to the next (release is a no-op if not held).
      void turn.then((release) => release?.());
    }),
    `workflow run ${run.id} of ${repo.owner}/${repo.name}`,
  );
  return run;

  async function executeRun(signal: AbortSignal): Promise<void> {
    const started = runtime.now();
    run.status = "in_progress";
    run.runStartedAt = started;
    run.updatedAt = started;
    await emitRunEvent(runtime, repo, run, workflow, "in_progress");
    const results: Record<string, { result: string; outputs: Record<string, string> }> = {};
    try {
      for (const job of jobs) {
        const definition = job.id === undefined ? undefined : planned.workflow?.jobs[job.id];
        const needs = definition ? needsOf(definition) : [];
        const needed = Object.fromEntries(
          needs.map((need) => [need, results[need] ?? { result: "skipped", outputs: {} }]),
        );
        if (needs.some((need) => results[need]?.result !== "success")) {
          job.record.status = "completed";
          job.record.conclusion = "skipped";
          job.record.completedAt = runtime.now();
          if (job.id !== undefined) results[job.id] = { result: "skipped", outputs: {} };
          emitJobEvent(runtime, repo, run, job.record, "completed");
          continue;
        }
        job.record.status = "in_progress";
        job.record.startedAt = runtime.now();
        emitJobEvent(runtime, repo, run, job.record, "in_progress");
        const result = await runWorkflowJob({
          repo: runtime.git(repo),
          sha: run.headSha,
          ref: options.ref,
          repository: `${repo.owner}/${repo.name}`,
          workflowPath: workflow.path,
          inputs: options.inputs,
          runId: run.id,
          runNumber: run.runNumber,
          token,
          apiUrl: runtime.apiUrl,
          serverUrl: runtime.apiUrl,
          event: options.eventPayload,
          eventName: options.event,
          ...(runtime.workflowJob ? { job: runtime.workflowJob } : {}),
          ...(job.id === undefined ? {} : { jobId: job.id }),
          needs: needed,
          secrets: runtime.actionsSecrets(repo),
          variables: runtime.actionsVariables(repo),
          actionPaths: runtime.actionPaths,
          runnerEnv: runtime.runnerEnv,
          actor: options.actorLogin,
          signal,
        });
        job.record.status = "completed";
        job.record.conclusion = result.conclusion;
        job.record.completedAt = result.completedAt;
        job.record.outputs = result.outputs;
        job.record.summary = result.summary;
        job.record.log = result.log;
        if (job.id !== undefined) results[job.id] = { result: result.conclusion, outputs: result.outputs };
        runtime.changed();
        emitJobEvent(runtime, repo, run, job.record, "completed");
      }
    } finally {
      delete runtime.state.tokens[token];
    }
    const conclusions = jobs.map((job) => job.record.conclusion);
    run.status = "completed";
    run.conclusion = conclusions.includes("cancelled")
      ? "cancelled"
      : conclusions.includes("failure")
        ? "failure"
        : "success";
    run.updatedAt = runtime.now();
    runtime.changed();
    await emitRunEvent(runtime, repo, run, workflow, "completed");
  }
}
