import { randomBytes } from "node:crypto";
import { runWorkflowJob } from "../runner/local-runner.ts";
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

/**
 * Creates a workflow run for a dispatch and runs its job on the local runner in the background:
 * queued → in_progress → completed, with `workflow_run` and `workflow_job` events at each step.
 * Returns the run at once, as GitHub answers the dispatch before the run starts.
 */
export function startDispatchedWorkflow(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  options: {
    workflow: WorkflowRecord;
    /** what the run shows as its title, and the job's name */
    displayTitle: string;
    jobName: string;
    ref: string;
    headBranch: string;
    headSha: string;
    inputs: Record<string, string>;
    actorLogin: string;
    dispatchPayload: Record<string, unknown>;
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
    event: "workflow_dispatch",
    status: "queued",
    conclusion: null,
    actorLogin: options.actorLogin,
    inputs: options.inputs,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  };
  const job: WorkflowJobRecord = {
    id: runtime.allocateId(),
    runId: run.id,
    name: options.jobName,
    status: "queued",
    conclusion: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
    outputs: {},
    summary: "",
    log: "",
  };
  repo.workflowRuns.push(run);
  repo.workflowJobs.push(job);
  // GITHUB_TOKEN: a short-lived token of the Actions bot, able to push to and comment on this repository.
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  runtime.account(ACTIONS_BOT_LOGIN);
  repo.collaborators[ACTIONS_BOT_LOGIN] = repo.collaborators[ACTIONS_BOT_LOGIN] ?? "write";
  runtime.state.tokens[token] = { kind: "user", login: ACTIONS_BOT_LOGIN };
  runtime.changed();

  runtime.track(
    (async () => {
      await emitRunEvent(runtime, repo, run, workflow, "requested");
      emitJobEvent(runtime, repo, run, job, "queued");
      const started = runtime.now();
      run.status = "in_progress";
      run.runStartedAt = started;
      run.updatedAt = started;
      job.status = "in_progress";
      job.startedAt = started;
      await emitRunEvent(runtime, repo, run, workflow, "in_progress");
      emitJobEvent(runtime, repo, run, job, "in_progress");
      let result: Awaited<ReturnType<typeof runWorkflowJob>>;
      try {
        result = await runWorkflowJob({
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
          event: options.dispatchPayload,
          eventName: "workflow_dispatch",
          job: runtime.workflowJob,
          actor: options.actorLogin,
        });
      } finally {
        delete runtime.state.tokens[token];
      }
      const completed = runtime.now();
      job.status = "completed";
      job.conclusion = result.conclusion;
      job.completedAt = result.completedAt;
      job.outputs = result.outputs;
      job.summary = result.summary;
      job.log = result.log;
      run.status = "completed";
      run.conclusion = result.conclusion;
      run.updatedAt = completed;
      runtime.changed();
      emitJobEvent(runtime, repo, run, job, "completed");
      await emitRunEvent(runtime, repo, run, workflow, "completed");
    })(),
    `workflow run ${run.id} of ${repo.owner}/${repo.name}`,
  );
  return run;
}
