import { type ExpressionValue, renderTemplate } from "../runner/evaluate-expression.ts";
import type { WorkflowFile } from "../runner/parse-workflow-file.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRecord, WorkflowRunRecord } from "./emulator-state.ts";
import { enterConcurrencyGroup } from "./enter-concurrency-group.ts";
import { newJobRecord, planWorkflowJobs, runWorkflowAttempt } from "./run-workflow-attempt.ts";

export { ACTIONS_BOT_LOGIN } from "./run-workflow-attempt.ts";

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
  // The group is joined now, in the order runs are created, as GitHub queues them.
  const concurrency = concurrencyOf(planned.workflowFile, {
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
  const turn = concurrency
    ? enterConcurrencyGroup(
        runtime,
        `${repo.owner}/${repo.name}:${concurrency.group}`,
        { runId: run.id, cancel: () => runtime.runCancellations.get(run.id)?.abort() },
        concurrency.cancelInProgress,
      )
    : undefined;
  runWorkflowAttempt(runtime, repo, run, workflow, {
    workflowFile: planned.workflowFile,
    jobs,
    ...(turn ? { turn } : {}),
  });
  return run;
}
