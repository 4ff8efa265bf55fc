import { needsOf } from "../runner/parse-workflow-file.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRunRecord } from "./emulator-state.ts";
import { forbidden, notFound } from "./github-api-error.ts";
import { latestJobs } from "./latest-jobs.ts";
import {
  type AttemptPlan,
  newJobRecord,
  planWorkflowJobs,
  runWorkflowAttempt,
} from "./run-workflow-attempt.ts";

const FAILED = new Set(["failure", "cancelled", "timed_out"]);

/**
 * Starts a new attempt of a completed run, as GitHub's re-run buttons do: one job (`jobId`) or every
 * failed or cancelled job, each with the jobs that need it; the others keep their results. The run's
 * attempt number goes up and it runs again on the local runner with the same event and inputs.
 */
export async function rerunWorkflowRun(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  selection: { kind: "job"; jobId: number } | { kind: "failed" },
): Promise<void> {
  const workflow = repo.workflows.find((candidate) => candidate.id === run.workflowId);
  if (!workflow) throw notFound();
  if (run.status !== "completed")
    throw forbidden("This workflow run is not completed yet; wait for it to finish or cancel it first.");
  const previous = latestJobs(repo, run);
  const file = await runtime.git(repo).readFile(run.headSha, workflow.path);
  const planned = planWorkflowJobs(
    runtime,
    workflow.path,
    file ? file.content.toString("utf8") : null,
    previous[0]?.name ?? workflow.name,
  );
  const previousOf = (key: string | undefined, name: string) =>
    previous.find((job) => (job.jobKey ?? job.name) === (key ?? name));
  const selected = new Set<string>();
  for (const job of planned.jobs) {
    const record = previousOf(job.key, job.name);
    const id = job.key ?? job.name;
    const chosen =
      selection.kind === "job"
        ? record?.id === selection.jobId
        : !record || FAILED.has(record.conclusion ?? "");
    const definition = job.key === undefined ? undefined : planned.workflowFile?.jobs[job.key];
    const needs = definition ? needsOf(definition) : [];
    // Planned jobs come in `needs` order, so a job's needs were looked at before it.
    if (chosen || needs.some((need) => selected.has(need))) selected.add(id);
  }
  if (selection.kind === "job" && !previous.some((job) => job.id === selection.jobId)) throw notFound();
  if (selected.size === 0) throw forbidden("This workflow run has no failed jobs to re-run.");
  run.runAttempt += 1;
  run.status = "queued";
  run.conclusion = null;
  run.updatedAt = runtime.now();
  const jobs: AttemptPlan["jobs"] = planned.jobs.map((job) => {
    const carriedRecord = previousOf(job.key, job.name);
    if (!selected.has(job.key ?? job.name) && carriedRecord)
      return { key: job.key, record: carriedRecord, carried: true };
    const record = newJobRecord(runtime, run, job);
    repo.workflowJobs.push(record);
    return { key: job.key, record, carried: false };
  });
  runWorkflowAttempt(runtime, repo, run, workflow, { workflowFile: planned.workflowFile, jobs });
}
