import {
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import type { RepositoryRecord, WorkflowRecord } from "./emulator-state.ts";

export function buildWorkflow(
  context: BuildContext,
  repo: RepositoryRecord,
  workflow: WorkflowRecord,
): Schemas["workflow"] {
  const htmlBase = repositoryHtmlUrl(context, repo);
  return {
    id: workflow.id,
    node_id: buildNodeId("Workflow", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: "active",
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${repositoryApiUrl(context, repo)}/actions/workflows/${workflow.id}`,
    html_url: `${htmlBase}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${htmlBase}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}
