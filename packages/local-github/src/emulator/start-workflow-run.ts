import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRecord, WorkflowRunRecord } from "./emulator-state.ts";
import { newJobRecord, planWorkflowJobs, runWorkflowAttempt } from "./run-workflow-attempt.ts";

export { ACTIONS_BOT_LOGIN } from "./run-workflow-attempt.ts";

/**
 * Creates a workflow run and runs its first attempt on the local runner in the background (see
 * runWorkflowAttempt). Returns the run at once, as GitHub answers before the run starts.
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
    runAttempt: 1,
    ref: options.ref,
    eventPayload: options.eventPayload,
  };
  const planned = planWorkflowJobs(runtime, workflow.path, options.workflowText, options.jobName);
  repo.workflowRuns.push(run);
  const jobs = planned.jobs.map((job) => ({
    key: job.key,
    record: newJobRecord(runtime, run, job),
    carried: false,
  }));
  repo.workflowJobs.push(...jobs.map((job) => job.record));
  runWorkflowAttempt(runtime, repo, run, workflow, { workflowFile: planned.workflowFile, jobs });
  return run;
}
