import { randomUUID } from "node:crypto";
import { scheduleMergeRequests } from "./advance-merge-requests.ts";
import type { MergeRequestRecord } from "./emulator-state.ts";
import { GitHubApiError, notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";

/** merge-async's refusals carry its own result shape, not GitHub's usual error body. */
function refused(status: 400 | 409, body: { status: string; details: { message: string } }): GitHubApiError {
  return new GitHubApiError(status, body.details.message, { documentedBody: body });
}

/** The answer's `details` for a request that exists: what it waits for, or how it ended. */
function resultOf(request: MergeRequestRecord) {
  if (request.status === "merged" && request.sha !== null)
    return { status: "merged" as const, details: { message: request.message, sha: request.sha } };
  if (request.status === "failed" || request.status === "enqueued")
    return { status: request.status, details: { message: request.message } };
  return {
    status: "pending" as const,
    details: {
      message: request.message,
      uuid: request.uuid,
      merge_method: request.method,
      merge_action: request.action,
      expected_head_sha: request.expectedHeadSha,
    },
  };
}

/**
 * `merge-async` and its status poll: a direct merge done in the background, or an entry in the base
 * branch's merge queue (see the emulator's enableMergeQueue) that merges once its merge group's
 * required checks pass.
 */
export function createMergeAsyncOperations(): OperationHandlers {
  return {
    "pulls/merge-async": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const issue = runtime.pull(repo, path.pull_number);
      const options = body ?? {};
      if (issue.pull.merged && issue.pull.mergeCommitSha)
        return {
          status: 200,
          body: {
            status: "merged",
            details: { message: "Pull request is already merged.", sha: issue.pull.mergeCommitSha },
          },
        };
      if (issue.state !== "open")
        throw refused(400, { status: "failed", details: { message: "Pull request is closed." } });
      const open = repo.mergeRequests.find(
        (request) =>
          request.pullNumber === issue.number &&
          (request.status === "pending" || request.status === "enqueued"),
      );
      if (open?.status === "enqueued")
        return {
          status: 200,
          body: { status: "enqueued", details: { message: "Pull request is already in the merge queue." } },
        };
      if (open) {
        const existing = resultOf(open);
        throw refused(409, {
          ...existing,
          details: { ...existing.details, message: "A merge request already exists for this pull request." },
        });
      }
      const queued = repo.mergeQueueBranches.includes(issue.pull.baseRef);
      const requested = options.merge_action ?? "default";
      const refusal =
        queued && requested === "direct_merge"
          ? "Changes must be made through the merge queue."
          : !queued && requested === "merge_queue"
            ? `${issue.pull.baseRef} has no merge queue; merge directly instead.`
            : null;
      if (refusal) throw refused(400, { status: "failed", details: { message: refusal } });
      const checks = runtime.requiredChecks(repo, issue.pull.baseRef, issue.pull.headSha);
      if (queued && checks.failing.length > 0)
        throw refused(400, {
          status: "failed",
          details: { message: `Required status check "${checks.failing[0]}" is failing.` },
        });
      const request: MergeRequestRecord = {
        uuid: randomUUID(),
        pullNumber: issue.number,
        // The queue merges with its own method (the rule's SQUASH), whatever the request asked.
        method: queued ? "squash" : (options.merge_method ?? "merge"),
        action: requested,
        expectedHeadSha: options.sha ?? issue.pull.headSha,
        status: queued ? "enqueued" : "pending",
        message: queued ? "Pull request is in the merge queue." : "Merge request is in progress.",
        sha: null,
        actor: actor.kind === "app" ? { kind: "user", login: actor.login } : actor,
        groupRef: null,
        groupSha: null,
        groupBaseSha: null,
        createdAt: runtime.now(),
      };
      repo.mergeRequests.push(request);
      scheduleMergeRequests(runtime, repo);
      const accepted = resultOf({ ...request, status: "pending", message: "Merge request enqueued." });
      return { status: 202, body: accepted };
    },

    "pulls/get-merge-async-result": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const request = repo.mergeRequests.find(
        (candidate) => candidate.uuid === path.uuid && candidate.pullNumber === path.pull_number,
      );
      if (!request) throw notFound();
      return { status: 200, body: resultOf(request) };
    },
  };
}
