import { randomBytes } from "node:crypto";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord } from "./emulator-state.ts";
import { GitHubApiError, notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { rerunWorkflowRun } from "./rerun-workflow-run.ts";
import { JOB_LOG_DOWNLOAD_PREFIX } from "./serve-download-link.ts";

/** GitHub's signed log URLs expire after a minute. */
const DOWNLOAD_LINK_TTL_MS = 60_000;

function runOf(repo: RepositoryRecord, runId: number) {
  const run = repo.workflowRuns.find((candidate) => candidate.id === runId);
  if (!run) throw notFound();
  return run;
}

function jobOf(repo: RepositoryRecord, jobId: number) {
  const job = repo.workflowJobs.find((candidate) => candidate.id === jobId);
  if (!job) throw notFound();
  return { job, run: runOf(repo, job.runId) };
}

/** A one-minute link on the emulator's own host that serves the job's log without credentials. */
function jobLogLink(runtime: EmulatorRuntime, repo: RepositoryRecord, jobId: number): string {
  const now = Date.now();
  for (const [key, link] of runtime.downloadLinks)
    if (link.expiresAt <= now) runtime.downloadLinks.delete(key);
  const token = randomBytes(24).toString("base64url");
  runtime.downloadLinks.set(token, {
    contentType: "text/plain; charset=utf-8",
    read: () => jobOf(repo, jobId).job.log,
    expiresAt: now + DOWNLOAD_LINK_TTL_MS,
  });
  const expires = new Date(now + DOWNLOAD_LINK_TTL_MS).toISOString();
  return `${runtime.apiUrl}${JOB_LOG_DOWNLOAD_PREFIX}${jobId}?urlExpires=${encodeURIComponent(expires)}&urlSignature=${token}`;
}

/** Re-running, cancelling and reading the logs of workflow runs and their jobs on the local runner. */
export function createRunControlOperations(): OperationHandlers {
  return {
    "actions/re-run-job-for-workflow-run": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const { run } = jobOf(repo, Number(path.job_id));
      await rerunWorkflowRun(runtime, repo, run, { kind: "job", jobId: Number(path.job_id) });
      return { status: 201, body: {} };
    },

    "actions/re-run-workflow-failed-jobs": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      await rerunWorkflowRun(runtime, repo, runOf(repo, path.run_id), { kind: "failed" });
      return { status: 201, body: {} };
    },

    "actions/cancel-workflow-run": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const run = runOf(repo, path.run_id);
      const cancellation = runtime.runCancellations.get(run.id);
      if (run.status === "completed" || !cancellation)
        throw new GitHubApiError(409, "Cannot cancel a workflow run that is completed.");
      cancellation.abort();
      return { status: 202, body: {} };
    },

    "actions/download-job-logs-for-workflow-run": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      jobOf(repo, Number(path.job_id));
      return {
        status: 302,
        body: undefined,
        headers: { location: jobLogLink(runtime, repo, Number(path.job_id)) },
      };
    },
  };
}
