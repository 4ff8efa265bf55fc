import {
  authorAssociation,
  type BuildContext,
  buildNodeId,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import { buildLabel } from "./build-label.ts";
import { buildReactionRollup } from "./build-reaction-rollup.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { findIssueById } from "./find-issue-by-id.ts";

export function issueApiUrl(context: BuildContext, repo: RepositoryRecord, issue: IssueRecord): string {
  return `${repositoryApiUrl(context, repo)}/issues/${issue.number}`;
}

/** An issue (or a pull request seen through the issues API, which then carries `pull_request`). */
export function buildIssue(
  context: BuildContext,
  repo: RepositoryRecord,
  issue: IssueRecord,
): Schemas["issue"] {
  const url = issueApiUrl(context, repo, issue);
  const htmlBase = repositoryHtmlUrl(context, repo);
  const htmlUrl = `${htmlBase}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  const labels = issue.labels.flatMap((name) => {
    const label = repo.labels.find((candidate) => candidate.name === name);
    return label ? [buildLabel(context, repo, label)] : [];
  });
  const assignees = issue.assignees.map((login) => buildSimpleUser(context, login));
  const subIssues = issue.subIssueIds.flatMap((id) => {
    const found = findIssueById(context.state, id);
    return found ? [found.issue] : [];
  });
  const completed = subIssues.filter((sub) => sub.state === "closed").length;
  const blockers = issue.blockedByIds.flatMap((id) => {
    const found = findIssueById(context.state, id);
    return found ? [found.issue] : [];
  });
  const blocking = Object.values(context.state.repositories).flatMap((candidateRepo) =>
    candidateRepo.issues.filter((candidate) => candidate.blockedByIds.includes(issue.id)),
  );
  const parent = issue.parentId === null ? null : findIssueById(context.state, issue.parentId);
  const comments = repo.comments.filter((comment) => comment.issueNumber === issue.number).length;
  return {
    id: issue.id,
    node_id: buildNodeId(issue.pull ? "PullRequestIssue" : "Issue", issue.id),
    url,
    repository_url: repositoryApiUrl(context, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: htmlUrl,
    timeline_url: `${url}/timeline`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: buildSimpleUser(context, issue.authorLogin),
    labels,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments,
    ...(issue.pull
      ? {
          pull_request: {
            url: `${repositoryApiUrl(context, repo)}/pulls/${issue.number}`,
            html_url: htmlUrl,
            diff_url: `${htmlUrl}.diff`,
            patch_url: `${htmlUrl}.patch`,
            merged_at: issue.pull.mergedAt,
          },
          draft: issue.pull.draft,
        }
      : { draft: false }),
    closed_at: issue.closedAt,
    closed_by: issue.closedByLogin ? buildSimpleUser(context, issue.closedByLogin) : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: authorAssociation(context, repo, issue.authorLogin),
    performed_via_github_app: null,
    reactions: buildReactionRollup(`${url}/reactions`, issue.reactions),
    sub_issues_summary: {
      total: subIssues.length,
      completed,
      percent_completed: subIssues.length === 0 ? 0 : Math.floor((completed / subIssues.length) * 100),
    },
    parent_issue_url: parent ? issueApiUrl(context, parent.repo, parent.issue) : null,
    issue_dependencies_summary: {
      blocked_by: blockers.filter((blocker) => blocker.state === "open").length,
      total_blocked_by: blockers.length,
      blocking: blocking.filter((blocked) => blocked.state === "open").length,
      total_blocking: blocking.length,
    },
  };
}
