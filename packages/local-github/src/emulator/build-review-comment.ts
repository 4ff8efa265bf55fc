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
import type { RepositoryRecord, ReviewCommentRecord } from "./emulator-state.ts";

export function buildReviewComment(
  context: BuildContext,
  repo: RepositoryRecord,
  comment: ReviewCommentRecord,
): Schemas["pull-request-review-comment"] {
  const repoUrl = repositoryApiUrl(context, repo);
  const url = `${repoUrl}/pulls/comments/${comment.id}`;
  const pullUrl = `${repoUrl}/pulls/${comment.pullNumber}`;
  const htmlUrl = `${repositoryHtmlUrl(context, repo)}/pull/${comment.pullNumber}#discussion_r${comment.id}`;
  return {
    url,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: buildNodeId("PullRequestReviewComment", comment.id),
    diff_hunk: comment.line === null ? "" : `@@ -${comment.line},1 +${comment.line},1 @@`,
    path: comment.path,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    ...(comment.inReplyToId === null ? {} : { in_reply_to_id: comment.inReplyToId }),
    user: buildSimpleUser(context, comment.authorLogin),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    author_association: authorAssociation(context, repo, comment.authorLogin),
    _links: { self: { href: url }, html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    ...(comment.line === null ? {} : { line: comment.line, original_line: comment.line }),
    side: comment.side,
    subject_type: comment.line === null ? "file" : "line",
    reactions: buildReactionRollup(`${url}/reactions`, []),
  };
}
