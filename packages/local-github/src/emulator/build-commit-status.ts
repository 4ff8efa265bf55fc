import { type BuildContext, buildNodeId, repositoryApiUrl, type Schemas } from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { CommitStatusRecord, RepositoryRecord } from "./emulator-state.ts";

export function buildCommitStatus(
  context: BuildContext,
  repo: RepositoryRecord,
  status: CommitStatusRecord,
): Schemas["status"] & Schemas["simple-commit-status"] {
  const creator = buildSimpleUser(context, status.creatorLogin);
  return {
    url: `${repositoryApiUrl(context, repo)}/statuses/${status.sha}`,
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: buildNodeId("StatusContext", status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator,
  };
}
