import {
  authorAssociation,
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import { buildReactionRollup } from "./build-reaction-rollup.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { CommentRecord, RepositoryRecord } from "./emulator-state.ts";

export function buildIssueComment(
  context: BuildContext,
  repo: RepositoryRecord,
  comment: CommentRecord,
): Schemas["issue-comment"] {
  const url = `${repositoryApiUrl(context, repo)}/issues/comments/${comment.id}`;
  const isPull = repo.issues.some((issue) => issue.number === comment.issueNumber && issue.pull !== null);
  return {
    id: comment.id,
    node_id: buildNodeId("IssueComment", comment.id),
    url,
    html_url: `${repositoryHtmlUrl(context, repo)}/${isPull ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repositoryApiUrl(context, repo)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: buildSimpleUser(context, comment.authorLogin),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(context, repo, comment.authorLogin),
    performed_via_github_app: null,
    reactions: buildReactionRollup(`${url}/reactions`, comment.reactions),
  };
}
