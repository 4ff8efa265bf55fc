import { buildAppById } from "./build-app.ts";
import {
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import type { CheckRunRecord, RepositoryRecord } from "./emulator-state.ts";

export function buildCheckRun(
  context: BuildContext,
  repo: RepositoryRecord,
  run: CheckRunRecord,
  pullRequests: Schemas["pull-request-minimal"][],
): Schemas["check-run"] {
  const url = `${repositoryApiUrl(context, repo)}/check-runs/${run.id}`;
  const app = buildAppById(context, run.appId);
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: buildNodeId("CheckRun", run.id),
    // GitHub reports a check run created without an external id with "" (webhooks require a string).
    external_id: run.externalId ?? "",
    url,
    html_url: `${repositoryHtmlUrl(context, repo)}/runs/${run.id}`,
    // Without a details URL of its own, GitHub links the app's homepage.
    details_url: run.detailsUrl ?? app?.html_url ?? null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app,
    pull_requests: pullRequests,
  };
}
