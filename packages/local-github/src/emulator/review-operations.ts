import { buildPullRequest } from "./build-pull-request.ts";
import { buildReview } from "./build-review.ts";
import { buildReviewComment } from "./build-review-comment.ts";
import type { EmulatorRuntime, PullIssue } from "./emulator-runtime.ts";
import type { RepositoryRecord, ReviewCommentRecord, ReviewRecord } from "./emulator-state.ts";
import { enforceTextLimits } from "./enforce-text-limits.ts";
import { GitHubApiError, notFound, unprocessable } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

const REVIEW_STATE = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
} as const;

/** GitHub's own rules for a submitted review: no self-approval, and changes or comments need words. */
function checkReviewEvent(
  issue: PullIssue,
  login: string,
  event: keyof typeof REVIEW_STATE,
  body: string,
): ReviewRecord["state"] {
  if (issue.authorLogin === login && event === "APPROVE") {
    throw unprocessable("Review Can not approve your own pull request");
  }
  if (issue.authorLogin === login && event === "REQUEST_CHANGES") {
    throw unprocessable("Review Can not request changes on your own pull request");
  }
  if (event !== "APPROVE" && body.trim() === "") {
    throw unprocessable(
      `Review body is required for ${event === "COMMENT" ? "comments" : "requesting changes"}`,
    );
  }
  return REVIEW_STATE[event];
}

async function emitReviewSubmitted(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  issue: PullIssue,
  review: ReviewRecord,
  senderLogin: string,
): Promise<void> {
  const pullRequest = buildPullRequest(runtime, repo, issue, await runtime.pullFacts(repo, issue));
  runtime.emit(
    repo,
    "pull_request_review",
    { action: "submitted", review: buildReview(runtime, repo, review), pull_request: pullRequest },
    senderLogin,
  );
}

function addReviewComment(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  issue: PullIssue,
  fields: Omit<ReviewCommentRecord, "id" | "pullNumber" | "createdAt" | "updatedAt">,
): ReviewCommentRecord {
  enforceTextLimits("PullRequestReviewComment", { body: fields.body });
  const now = runtime.now();
  const comment: ReviewCommentRecord = {
    id: runtime.allocateId(),
    pullNumber: issue.number,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  repo.reviewComments.push(comment);
  return comment;
}

/** Pull request reviews and review comments. */
export function createReviewOperations(): OperationHandlers {
  return {
    "pulls/create-review": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      const request = body ?? {};
      const text = request.body ?? "";
      enforceTextLimits("PullRequestReview", { body: text });
      // Checked before the review exists, so a long comment leaves no half-made review behind.
      for (const comment of request.comments ?? [])
        enforceTextLimits("PullRequestReviewComment", { body: comment.body });
      const state = request.event ? checkReviewEvent(issue, actor.login, request.event, text) : "PENDING";
      const review: ReviewRecord = {
        id: runtime.allocateId(),
        pullNumber: issue.number,
        authorLogin: actor.login,
        body: text,
        state,
        commitId: request.commit_id ?? issue.pull.headSha,
        submittedAt: state === "PENDING" ? null : runtime.now(),
      };
      repo.reviews.push(review);
      for (const comment of request.comments ?? []) {
        addReviewComment(runtime, repo, issue, {
          reviewId: review.id,
          authorLogin: actor.login,
          body: comment.body,
          path: comment.path,
          line: comment.line ?? comment.position ?? null,
          side: comment.side === "LEFT" ? "LEFT" : "RIGHT",
          commitId: review.commitId,
          inReplyToId: null,
        });
      }
      if (state !== "PENDING") await emitReviewSubmitted(runtime, repo, issue, review, actor.login);
      return { status: 200, body: buildReview(runtime, repo, review) };
    },

    "pulls/submit-review": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      const review = repo.reviews.find(
        (candidate) => candidate.id === path.review_id && candidate.pullNumber === issue.number,
      );
      if (!review || review.authorLogin !== actor.login) throw notFound();
      if (review.state !== "PENDING") throw unprocessable("Can not submit a review that is not pending");
      const text = body.body ?? review.body;
      enforceTextLimits("PullRequestReview", { body: text });
      review.state = checkReviewEvent(issue, actor.login, body.event, text);
      review.body = text;
      review.submittedAt = runtime.now();
      await emitReviewSubmitted(runtime, repo, issue, review, actor.login);
      return { status: 200, body: buildReview(runtime, repo, review) };
    },

    "pulls/list-reviews": async ({ runtime, actor, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      // A pending review is visible only to its author, as on GitHub.
      const reviews = repo.reviews.filter(
        (review) =>
          review.pullNumber === issue.number &&
          (review.state !== "PENDING" || review.authorLogin === actor.login),
      );
      const page = paginateList(reviews, query, url);
      return {
        status: 200,
        body: page.items.map((review) => buildReview(runtime, repo, review)),
        headers: page.headers,
      };
    },

    "pulls/list-review-comments": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      const since = query.since ? Date.parse(query.since) : null;
      const comments = repo.reviewComments.filter(
        (comment) =>
          comment.pullNumber === issue.number && (since === null || Date.parse(comment.updatedAt) >= since),
      );
      const direction = query.direction === "desc" ? -1 : 1;
      const sorted = [...comments].sort((a, b) => direction * (a.id - b.id));
      const page = paginateList(sorted, query, url);
      return {
        status: 200,
        body: page.items.map((comment) => buildReviewComment(runtime, repo, comment)),
        headers: page.headers,
      };
    },

    "pulls/create-review-comment": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      let inReplyTo: ReviewCommentRecord | undefined;
      if (body.in_reply_to !== undefined) {
        inReplyTo = repo.reviewComments.find((comment) => comment.id === body.in_reply_to);
        if (!inReplyTo) throw notFound();
      } else if ((await runtime.git(repo).commit(body.commit_id)) === null) {
        throw new GitHubApiError(422, "Validation Failed", {
          errors: [{ resource: "PullRequestReviewComment", code: "invalid", field: "commit_id" }],
        });
      }
      const comment = addReviewComment(runtime, repo, issue, {
        reviewId: null,
        authorLogin: actor.login,
        body: body.body,
        path: inReplyTo?.path ?? body.path,
        line: inReplyTo?.line ?? body.line ?? body.position ?? null,
        side: body.side ?? "RIGHT",
        commitId: inReplyTo?.commitId ?? body.commit_id,
        inReplyToId: inReplyTo?.id ?? null,
      });
      const built = buildReviewComment(runtime, repo, comment);
      return { status: 201, body: built, headers: { location: built.url } };
    },
  };
}
