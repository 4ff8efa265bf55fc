import {
  authorAssociation,
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import { buildLabel } from "./build-label.ts";
import { buildRepository } from "./build-repository.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { IssueRecord, PullRecord, RepositoryRecord } from "./emulator-state.ts";

type PullIssue = IssueRecord & { pull: PullRecord };

/** What only git knows about a pull request, computed by the caller from the bare repository. */
export interface PullGitFacts {
  baseSha: string;
  mergeable: boolean | null;
  mergeableState: "clean" | "dirty" | "blocked" | "unstable" | "unknown";
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

/** The fields `pull-request` and `pull-request-simple` share (labels differ: see the callers). */
function pullRequestCore(context: BuildContext, repo: RepositoryRecord, issue: PullIssue, baseSha: string) {
  const repoUrl = repositoryApiUrl(context, repo);
  const url = `${repoUrl}/pulls/${issue.number}`;
  const htmlUrl = `${repositoryHtmlUrl(context, repo)}/pull/${issue.number}`;
  const issueUrl = `${repoUrl}/issues/${issue.number}`;
  const pull = issue.pull;
  const repository = buildRepository(context, repo);
  const owner = buildSimpleUser(context, repo.owner);
  const assignees = issue.assignees.map((login) => buildSimpleUser(context, login));
  return {
    url,
    id: pull.id,
    node_id: buildNodeId("PullRequest", pull.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: buildSimpleUser(context, issue.authorLogin),
    body: issue.body,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${repo.owner}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      repo: repository,
      user: owner,
    },
    base: {
      label: `${repo.owner}:${pull.baseRef}`,
      ref: pull.baseRef,
      sha: baseSha,
      repo: repository,
      user: owner,
    },
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(context, repo, issue.authorLogin),
    auto_merge: null,
    draft: pull.draft,
  };
}

function labelsOf(context: BuildContext, repo: RepositoryRecord, issue: PullIssue) {
  return issue.labels.flatMap((name) => {
    const label = repo.labels.find((candidate) => candidate.name === name);
    return label ? [buildLabel(context, repo, label)] : [];
  });
}

/** A pull request with what only git knows (mergeability, size), as GET /pulls/{number} answers. */
export function buildPullRequest(
  context: BuildContext,
  repo: RepositoryRecord,
  issue: PullIssue,
  facts: PullGitFacts,
): Schemas["pull-request"] {
  const pull = issue.pull;
  return {
    ...pullRequestCore(context, repo, issue, facts.baseSha),
    labels: labelsOf(context, repo, issue),
    merged: pull.merged,
    mergeable: facts.mergeable,
    rebaseable: facts.mergeable,
    mergeable_state: facts.mergeableState,
    merged_by: pull.mergedByLogin ? buildSimpleUser(context, pull.mergedByLogin) : null,
    comments: repo.comments.filter((comment) => comment.issueNumber === issue.number).length,
    review_comments: repo.reviewComments.filter((comment) => comment.pullNumber === issue.number).length,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: facts.commits,
    additions: facts.additions,
    deletions: facts.deletions,
    changed_files: facts.changedFiles,
  };
}

/** The list form (GET /pulls): no mergeability, which GitHub computes only for single pull requests. */
export function buildPullRequestSimple(
  context: BuildContext,
  repo: RepositoryRecord,
  issue: PullIssue,
  baseSha: string,
): Schemas["pull-request-simple"] {
  return {
    ...pullRequestCore(context, repo, issue, baseSha),
    // The spec types a list label's description as a plain string, so a missing one is sent empty.
    labels: labelsOf(context, repo, issue).map((label) => ({
      ...label,
      description: label.description ?? "",
    })),
  };
}

/** The short form check suites, check runs and workflow runs embed. */
export function buildPullRequestMinimal(
  context: BuildContext,
  repo: RepositoryRecord,
  issue: PullIssue,
  baseSha: string,
): Schemas["pull-request-minimal"] {
  const repoRef = { id: repo.id, url: repositoryApiUrl(context, repo), name: repo.name };
  return {
    id: issue.pull.id,
    number: issue.number,
    url: `${repositoryApiUrl(context, repo)}/pulls/${issue.number}`,
    head: { ref: issue.pull.headRef, sha: issue.pull.headSha, repo: repoRef },
    base: { ref: issue.pull.baseRef, sha: baseSha, repo: repoRef },
  };
}
