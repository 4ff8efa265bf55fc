import type { CommitInfo } from "../git/bare-repo.ts";
import {
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import { buildSimpleCommit } from "./build-simple-commit.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { RepositoryRecord, WorkflowRecord, WorkflowRunRecord } from "./emulator-state.ts";

export function buildWorkflowRun(
  context: BuildContext,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  workflow: WorkflowRecord,
  headCommit: CommitInfo | null,
): Schemas["workflow-run"] {
  const repoUrl = repositoryApiUrl(context, repo);
  const url = `${repoUrl}/actions/runs/${run.id}`;
  const repository = buildRepository(context, repo);
  const actor = buildSimpleUser(context, run.actorLogin);
  return {
    id: run.id,
    name: run.name,
    node_id: buildNodeId("WorkflowRun", run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: buildNodeId("CheckSuite", run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflow.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${repositoryHtmlUrl(context, repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor,
    triggering_actor: actor,
    run_started_at: run.runStartedAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repoUrl}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: run.runAttempt > 1 ? `${url}/attempts/${run.runAttempt - 1}` : null,
    workflow_url: `${repoUrl}/actions/workflows/${run.workflowId}`,
    head_commit: headCommit ? buildSimpleCommit(headCommit) : null,
    repository,
    head_repository: repository,
    head_repository_id: repo.id,
  };
}
