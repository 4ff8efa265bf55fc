import type { RepositoryRecord, WorkflowJobRecord, WorkflowRunRecord } from "./emulator-state.ts";

/** Each job of the run at its latest attempt, keyed by the workflow file's job id (or its name). */
export function latestJobs(repo: RepositoryRecord, run: WorkflowRunRecord): WorkflowJobRecord[] {
  const latest = new Map<string, WorkflowJobRecord>();
  for (const job of repo.workflowJobs) {
    if (job.runId !== run.id) continue;
    const key = job.jobKey ?? job.name;
    const known = latest.get(key);
    if (!known || known.runAttempt <= job.runAttempt) latest.set(key, job);
  }
  return [...latest.values()];
}
