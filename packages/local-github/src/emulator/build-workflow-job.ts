import {
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import type { RepositoryRecord, WorkflowJobRecord, WorkflowRunRecord } from "./emulator-state.ts";

/** The local runner's one machine, named like a hosted runner. */
export const LOCAL_RUNNER = { id: 1, name: "emulator-local-runner", groupId: 1, groupName: "Default" };

export function buildWorkflowJob(
  context: BuildContext,
  repo: RepositoryRecord,
  job: WorkflowJobRecord,
  run: WorkflowRunRecord,
): Schemas["job"] {
  const repoUrl = repositoryApiUrl(context, repo);
  const assigned = job.status !== "queued";
  return {
    id: job.id,
    run_id: job.runId,
    run_url: `${repoUrl}/actions/runs/${job.runId}`,
    run_attempt: job.runAttempt,
    node_id: buildNodeId("CheckRun", job.id),
    head_sha: run.headSha,
    url: `${repoUrl}/actions/jobs/${job.id}`,
    html_url: `${repositoryHtmlUrl(context, repo)}/actions/runs/${job.runId}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: [
      {
        name: "Run job",
        status: job.status,
        conclusion: job.conclusion,
        number: 1,
        started_at: job.status === "queued" ? null : job.startedAt,
        completed_at: job.completedAt,
      },
    ],
    check_run_url: `${repoUrl}/check-runs/${job.id}`,
    labels: ["ubuntu-latest"],
    runner_id: assigned ? LOCAL_RUNNER.id : null,
    runner_name: assigned ? LOCAL_RUNNER.name : null,
    runner_group_id: assigned ? LOCAL_RUNNER.groupId : null,
    runner_group_name: assigned ? LOCAL_RUNNER.groupName : null,
    workflow_name: run.name,
    head_branch: run.headBranch,
  };
}
