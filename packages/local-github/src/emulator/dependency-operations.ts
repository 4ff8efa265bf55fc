import { buildIssue } from "./build-issue.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { findIssueById } from "./find-issue-by-id.ts";
import { notFound, validationFailed } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** GitHub's documented limit of `blocked by` links per issue. */
export const MAX_BLOCKED_BY = 50;

function refuse(message: string): never {
  throw validationFailed([{ resource: "Issue", code: "custom", field: "issue_id", message }]);
}

/** Whether `from` is (transitively) blocked by `target`: adding target-blocked-by-from would close a cycle. */
function isBlockedBy(runtime: EmulatorRuntime, from: IssueRecord, target: IssueRecord): boolean {
  const seen = new Set<number>();
  const pending = [...from.blockedByIds];
  while (pending.length > 0) {
    const id = pending.pop();
    if (id === undefined || seen.has(id)) continue;
    if (id === target.id) return true;
    seen.add(id);
    const found = findIssueById(runtime.state, id);
    if (found) pending.push(...found.issue.blockedByIds);
  }
  return false;
}

function emitDependencyEvents(
  runtime: EmulatorRuntime,
  blockedRepo: RepositoryRecord,
  blocked: IssueRecord,
  blockingRepo: RepositoryRecord,
  blocking: IssueRecord,
  change: "added" | "removed",
  senderLogin: string,
): void {
  const fields = {
    blocked_issue_id: blocked.id,
    blocked_issue: buildIssue(runtime, blockedRepo, blocked),
    blocking_issue_id: blocking.id,
    blocking_issue: buildIssue(runtime, blockingRepo, blocking),
  };
  runtime.emit(blockedRepo, "issue_dependencies", { action: `blocked_by_${change}`, ...fields }, senderLogin);
  runtime.emit(blockingRepo, "issue_dependencies", { action: `blocking_${change}`, ...fields }, senderLogin);
}

/**
 * Issue dependencies ("blocked by"). `issue_id` is the blocking issue's database id, not its number.
 * GitHub records the links but enforces nothing about them; the emulator refuses cycles so a dependency
 * graph read back from it is always a DAG.
 */
export function createDependencyOperations(): OperationHandlers {
  return {
    "issues/add-blocked-by-dependency": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const blocked = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const found = findIssueById(runtime.state, body.issue_id);
      if (!found) throw notFound();
      const { repo: blockingRepo, issue: blocking } = found;
      if (blockingRepo.owner !== repo.owner)
        refuse("The blocking issue must belong to the same repository owner");
      if (blocking.id === blocked.id) refuse("An issue cannot be blocked by itself");
      if (blocked.blockedByIds.includes(blocking.id)) refuse("This dependency already exists");
      if (blocked.blockedByIds.length >= MAX_BLOCKED_BY) {
        refuse(`An issue cannot be blocked by more than ${MAX_BLOCKED_BY} issues`);
      }
      if (isBlockedBy(runtime, blocking, blocked)) refuse("This dependency would create a cycle");
      blocked.blockedByIds.push(blocking.id);
      blocked.updatedAt = runtime.now();
      emitDependencyEvents(runtime, repo, blocked, blockingRepo, blocking, "added", actor.login);
      const built = buildIssue(runtime, repo, blocked);
      return { status: 201, body: built, headers: { location: `${built.url}/dependencies/blocked_by` } };
    },

    "issues/list-dependencies-blocked-by": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const blockers = issue.blockedByIds.flatMap((id) => {
        const found = findIssueById(runtime.state, id);
        return found ? [buildIssue(runtime, found.repo, found.issue)] : [];
      });
      const page = paginateList(blockers, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "issues/list-dependencies-blocking": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const blocked = Object.values(runtime.state.repositories).flatMap((candidateRepo) =>
        candidateRepo.issues
          .filter((candidate) => candidate.blockedByIds.includes(issue.id))
          .map((candidate) => buildIssue(runtime, candidateRepo, candidate)),
      );
      const page = paginateList(blocked, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "issues/remove-dependency-blocked-by": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const blocked = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const found = findIssueById(runtime.state, path.issue_id);
      if (!found || !blocked.blockedByIds.includes(found.issue.id)) throw notFound();
      blocked.blockedByIds = blocked.blockedByIds.filter((id) => id !== found.issue.id);
      blocked.updatedAt = runtime.now();
      emitDependencyEvents(runtime, repo, blocked, found.repo, found.issue, "removed", actor.login);
      return { status: 200, body: buildIssue(runtime, repo, blocked) };
    },
  };
}
