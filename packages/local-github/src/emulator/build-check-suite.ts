import type { CommitInfo } from "../git/bare-repo.ts";
import { buildAppById } from "./build-app.ts";
import { type BuildContext, buildNodeId, repositoryApiUrl, type Schemas } from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import { buildSimpleCommit } from "./build-simple-commit.ts";
import type { CheckSuiteRecord, RepositoryRecord } from "./emulator-state.ts";

export function buildCheckSuite(
  context: BuildContext,
  repo: RepositoryRecord,
  suite: CheckSuiteRecord,
  headCommit: CommitInfo,
  pullRequests: Schemas["pull-request-minimal"][],
): Schemas["check-suite"] {
  const url = `${repositoryApiUrl(context, repo)}/check-suites/${suite.id}`;
  return {
    id: suite.id,
    node_id: buildNodeId("CheckSuite", suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: suite.status,
    conclusion: suite.conclusion,
    url,
    before: suite.before,
    after: suite.headSha,
    pull_requests: pullRequests,
    app: buildAppById(context, suite.appId),
    repository: buildRepository(context, repo),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: buildSimpleCommit(headCommit),
    latest_check_runs_count: repo.checkRuns.filter((run) => run.suiteId === suite.id).length,
    check_runs_url: `${url}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}
