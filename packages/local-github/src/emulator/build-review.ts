import {
  authorAssociation,
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { RepositoryRecord, ReviewRecord } from "./emulator-state.ts";

export function buildReview(
  context: BuildContext,
  repo: RepositoryRecord,
  review: ReviewRecord,
): Schemas["pull-request-review"] {
  const pullUrl = `${repositoryApiUrl(context, repo)}/pulls/${review.pullNumber}`;
  const htmlUrl = `${repositoryHtmlUrl(context, repo)}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: buildNodeId("PullRequestReview", review.id),
    user: buildSimpleUser(context, review.authorLogin),
    body: review.body,
    state: review.state,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    _links: { html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
    commit_id: review.commitId,
    author_association: authorAssociation(context, repo, review.authorLogin),
  };
}
