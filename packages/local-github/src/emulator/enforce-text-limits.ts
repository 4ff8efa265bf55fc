import { type ValidationErrorEntry, validationFailed } from "./github-api-error.ts";

/** GitHub's limits for issue, pull request and comment bodies, and for titles, in characters. */
export const BODY_LIMIT = 65_536;
export const TITLE_LIMIT = 256;

/** GitHub counts characters as Ruby does: code points, so an emoji is one character, not two. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Refuses a title or body over GitHub's limits with GitHub's own 422, before anything changes. The error
 * shapes are the ones GitHub answers: issues and pull requests name the field (`custom`, "body is too
 * long (maximum is 65536 characters)"); comments answer `unprocessable` on the field `data`. Reviews and
 * review comments are assumed to answer like issue comments (not observed). NUL characters count as
 * characters and are kept, as GitHub stores and returns them.
 */
export function enforceTextLimits(
  resource: "Issue" | "PullRequest" | "IssueComment" | "PullRequestReview" | "PullRequestReviewComment",
  fields: { title?: string | null | undefined; body?: string | null | undefined },
): void {
  const errors: ValidationErrorEntry[] = [];
  const isIssueLike = resource === "Issue" || resource === "PullRequest";
  // GitHub reports pull request text limits under the resource "Issue": a pull request is an issue.
  const reported = isIssueLike ? "Issue" : resource;
  if (typeof fields.title === "string" && characterCount(fields.title) > TITLE_LIMIT) {
    errors.push({
      resource: reported,
      code: "custom",
      field: "title",
      message: `title is too long (maximum is ${TITLE_LIMIT} characters)`,
    });
  }
  if (typeof fields.body === "string" && characterCount(fields.body) > BODY_LIMIT) {
    errors.push(
      isIssueLike
        ? {
            resource: reported,
            code: "custom",
            field: "body",
            message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
          }
        : {
            resource: reported,
            code: "unprocessable",
            field: "data",
            message: `Body is too long (maximum is ${BODY_LIMIT} characters)`,
          },
    );
  }
  if (errors.length > 0) throw validationFailed(errors);
}
