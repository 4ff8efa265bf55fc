import { RefConflictError } from "../git/bare-repo.ts";
import { buildSimpleCommit } from "./build-simple-commit.ts";
import type { EmulatorRuntime, PullIssue } from "./emulator-runtime.ts";
import { isOpenPull } from "./emulator-runtime.ts";
import type { MergeRequestRecord, RepositoryRecord } from "./emulator-state.ts";
import { gitIdentityOf } from "./git-identity-of.ts";
import { recordPullMerged } from "./record-pull-merged.ts";
import { startLocalCi } from "./run-local-ci.ts";

/** How many times one pass rebuilds a merge group whose base moved before it gives up until the next event. */
const MAX_REBUILDS = 5;

function mergeTitle(repo: RepositoryRecord, issue: PullIssue, method: MergeRequestRecord["method"]): string {
  return method === "squash"
    ? `${issue.title} (#${issue.number})`
    : `Merge pull request #${issue.number} from ${repo.owner}/${issue.pull.headRef}`;
}

function fail(request: MergeRequestRecord, message: string): void {
  request.status = "failed";
  request.message = message;
}

/** Why a request can no longer merge its pull request, or null while it still can. */
function stale(repo: RepositoryRecord, request: MergeRequestRecord): string | null {
  const issue = repo.issues.find((candidate) => candidate.number === request.pullNumber);
  if (!issue || !isOpenPull(issue)) return "Pull request is closed.";
  if (issue.pull.headSha !== request.expectedHeadSha)
    return "Head branch was modified. Review and try the merge again.";
  return null;
}

async function emitGroupEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  request: MergeRequestRecord,
  fields:
    | { action: "checks_requested" }
    | { action: "destroyed"; reason: "merged" | "invalidated" | "dequeued" },
): Promise<void> {
  if (!request.groupRef || !request.groupSha || !request.groupBaseSha) return;
  const commit = await runtime.git(repo).commit(request.groupSha);
  if (!commit) return;
  const issue = repo.issues.find((candidate) => candidate.number === request.pullNumber);
  runtime.emit(
    repo,
    "merge_group",
    {
      ...fields,
      merge_group: {
        head_sha: request.groupSha,
        head_ref: request.groupRef,
        base_sha: request.groupBaseSha,
        base_ref: `refs/heads/${issue?.pull?.baseRef ?? repo.defaultBranch}`,
        head_commit: buildSimpleCommit(commit),
      },
    },
    request.actor.login,
  );
}

async function destroyGroup(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  request: MergeRequestRecord,
  reason: "merged" | "invalidated" | "dequeued",
): Promise<void> {
  if (!request.groupRef) return;
  await emitGroupEvent(runtime, repo, request, { action: "destroyed", reason });
  await runtime.git(repo).deleteRef(request.groupRef);
  request.groupRef = null;
  request.groupSha = null;
  request.groupBaseSha = null;
}

/** A direct `merge-async`: the merge button's rules, decided now, in the background of the request. */
async function mergeDirectly(runtime: EmulatorRuntime, repo: RepositoryRecord, request: MergeRequestRecord) {
  const why = stale(repo, request);
  if (why) return fail(request, why);
  const issue = runtime.pull(repo, request.pullNumber);
  const checks = runtime.requiredChecks(repo, issue.pull.baseRef, issue.pull.headSha);
  const blocking = checks.failing[0] ?? checks.pending[0];
  if (blocking !== undefined)
    return fail(
      request,
      `Required status check "${blocking}" ${checks.failing.length > 0 ? "is failing" : "is expected"}.`,
    );
  const facts = await runtime.pullFacts(repo, issue);
  const result = await runtime.git(repo).merge({
    baseBranch: issue.pull.baseRef,
    headSha: issue.pull.headSha,
    method: request.method,
    title: mergeTitle(repo, issue, request.method),
    committer: gitIdentityOf(runtime, request.actor.login),
  });
  if (!result.ok) return fail(request, "Merge conflict: the pull request could not be merged.");
  await recordPullMerged(runtime, repo, issue, request.actor, result.sha, facts);
  request.status = "merged";
  request.sha = result.sha;
  request.message = "Pull request was merged.";
}

/**
 * The head of one base branch's merge queue, one step: build its merge group (the base's tip with the
 * pull request merged, on `gh-readonly-queue/<base>/pr-<n>-<sha>`, checked by the local CI and
 * announced as `merge_group.checks_requested`), or, once the group's required checks report, move the
 * base to the group's commit and mark the pull request merged — or drop it from the queue. Returns
 * whether the queue moved on to its next entry.
 */
async function advanceQueueHead(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  request: MergeRequestRecord,
): Promise<boolean> {
  const git = runtime.git(repo);
  const why = stale(repo, request);
  if (why) {
    await destroyGroup(runtime, repo, request, "dequeued");
    fail(request, why);
    return true;
  }
  const issue = runtime.pull(repo, request.pullNumber);
  const base = issue.pull.baseRef;
  for (let rebuild = 0; rebuild < MAX_REBUILDS; rebuild++) {
    const baseSha = await runtime.branchSha(repo, base);
    if (baseSha === null) {
      await destroyGroup(runtime, repo, request, "dequeued");
      fail(request, `Base branch ${base} no longer exists.`);
      return true;
    }
    if (request.groupSha === null) {
      const built = await git.buildMerge({
        baseSha,
        headSha: issue.pull.headSha,
        method: request.method,
        title: mergeTitle(repo, issue, request.method),
        committer: gitIdentityOf(runtime, request.actor.login),
      });
      if (!built.ok) {
        fail(request, "Merge conflict: the pull request could not be merged.");
        return true;
      }
      const branch = `gh-readonly-queue/${base}/pr-${issue.number}-${issue.pull.headSha}`;
      request.groupRef = `refs/heads/${branch}`;
      request.groupSha = built.sha;
      request.groupBaseSha = baseSha;
      await git.setRef(request.groupRef, built.sha);
      startLocalCi(runtime, repo, {
        headSha: built.sha,
        headBranch: branch,
        before: baseSha,
        senderLogin: request.actor.login,
      });
      await emitGroupEvent(runtime, repo, request, { action: "checks_requested" });
      return false;
    }
    if (request.groupBaseSha !== baseSha) {
      await destroyGroup(runtime, repo, request, "invalidated");
      continue;
    }
    const checks = runtime.requiredChecks(repo, base, request.groupSha);
    if (checks.failing.length > 0) {
      await destroyGroup(runtime, repo, request, "dequeued");
      fail(request, `Required status check "${checks.failing[0]}" failed in the merge queue.`);
      return true;
    }
    if (checks.pending.length > 0) return false;
    const facts = await runtime.pullFacts(repo, issue);
    const groupSha = request.groupSha;
    try {
      await git.setRef(`refs/heads/${base}`, groupSha, baseSha);
    } catch (error) {
      if (!(error instanceof RefConflictError)) throw error;
      continue;
    }
    await recordPullMerged(runtime, repo, issue, request.actor, groupSha, facts);
    request.status = "merged";
    request.sha = groupSha;
    request.message = "Pull request was merged.";
    await destroyGroup(runtime, repo, request, "merged");
    return true;
  }
  return false;
}

/** One pass over a repository's open merge requests: direct merges first, then each queue's head. */
async function advanceMergeRequests(runtime: EmulatorRuntime, repo: RepositoryRecord): Promise<void> {
  for (const request of repo.mergeRequests.filter((candidate) => candidate.status === "pending"))
    await mergeDirectly(runtime, repo, request);
  for (const base of repo.mergeQueueBranches) {
    for (;;) {
      const head = repo.mergeRequests.find(
        (candidate) =>
          candidate.status === "enqueued" &&
          repo.issues.find((issue) => issue.number === candidate.pullNumber)?.pull?.baseRef === base,
      );
      if (!head || !(await advanceQueueHead(runtime, repo, head))) break;
    }
  }
  runtime.changed();
}

/**
 * Runs a pass over the repository's merge requests after the current request or event (under the
 * repository's write lock, so it never interleaves with an API write); cheap when nothing is queued.
 */
export function scheduleMergeRequests(runtime: EmulatorRuntime, repo: RepositoryRecord): void {
  if (!repo.mergeRequests.some((request) => request.status === "pending" || request.status === "enqueued"))
    return;
  runtime.track(
    runtime.withLock(`${repo.owner}/${repo.name}`, () => advanceMergeRequests(runtime, repo)),
    `merge requests of ${repo.owner}/${repo.name}`,
  );
}
