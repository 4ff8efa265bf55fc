import { buildIssue } from "./build-issue.ts";
import { buildIssueComment } from "./build-issue-comment.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { CommentRecord, RepositoryRecord } from "./emulator-state.ts";
import { enforceTextLimits } from "./enforce-text-limits.ts";
import { forbidden, notFound } from "./github-api-error.ts";
import type { Actor, OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

function findComment(repo: RepositoryRecord, id: number | bigint): CommentRecord {
  const comment = repo.comments.find((candidate) => candidate.id === Number(id));
  if (!comment) throw notFound();
  return comment;
}

/** Authors may change their own comments; changing someone else's needs write access. */
function requireCommentEditor(
  runtime: EmulatorRuntime,
  actor: Actor,
  repo: RepositoryRecord,
  comment: CommentRecord,
) {
  if (comment.authorLogin !== actor.login) runtime.requirePermission(actor, repo, "write");
}

function emitCommentEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  comment: CommentRecord,
  action: "created" | "edited" | "deleted",
  senderLogin: string,
  changes?: { body: { from: string } },
): void {
  const issue = runtime.issue(repo, comment.issueNumber);
  runtime.emit(
    repo,
    "issue_comment",
    {
      action,
      issue: buildIssue(runtime, repo, issue),
      comment: buildIssueComment(runtime, repo, comment),
      ...(changes ? { changes } : {}),
    },
    senderLogin,
  );
}

/** Issue (and pull request conversation) comments. */
export function createCommentOperations(): OperationHandlers {
  return {
    "issues/create-comment": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      if (issue.locked && !runtime.hasPermission(actor, repo, "write")) {
        throw forbidden("Unable to create comment because issue is locked.");
      }
      enforceTextLimits("IssueComment", { body: body.body });
      const now = runtime.now();
      const comment: CommentRecord = {
        id: runtime.allocateId(),
        issueNumber: issue.number,
        body: body.body,
        authorLogin: actor.login,
        createdAt: now,
        updatedAt: now,
        reactions: [],
      };
      repo.comments.push(comment);
      issue.updatedAt = now;
      emitCommentEvent(runtime, repo, comment, "created", actor.login);
      const built = buildIssueComment(runtime, repo, comment);
      return { status: 201, body: built, headers: { location: built.url } };
    },

    "issues/list-comments": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const since = query.since ? Date.parse(query.since) : null;
      const comments = repo.comments.filter(
        (comment) =>
          comment.issueNumber === issue.number && (since === null || Date.parse(comment.updatedAt) >= since),
      );
      const page = paginateList(comments, query, url);
      return {
        status: 200,
        body: page.items.map((comment) => buildIssueComment(runtime, repo, comment)),
        headers: page.headers,
      };
    },

    "issues/get-comment": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      return { status: 200, body: buildIssueComment(runtime, repo, findComment(repo, path.comment_id)) };
    },

    "issues/update-comment": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const comment = findComment(repo, path.comment_id);
      requireCommentEditor(runtime, actor, repo, comment);
      enforceTextLimits("IssueComment", { body: body.body });
      if (comment.body !== body.body) {
        const from = comment.body;
        comment.body = body.body;
        comment.updatedAt = runtime.now();
        emitCommentEvent(runtime, repo, comment, "edited", actor.login, { body: { from } });
      }
      return { status: 200, body: buildIssueComment(runtime, repo, comment) };
    },

    "issues/delete-comment": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const comment = findComment(repo, path.comment_id);
      requireCommentEditor(runtime, actor, repo, comment);
      repo.comments = repo.comments.filter((candidate) => candidate.id !== comment.id);
      emitCommentEvent(runtime, repo, comment, "deleted", actor.login);
      return { status: 204, body: undefined };
    },
  };
}
