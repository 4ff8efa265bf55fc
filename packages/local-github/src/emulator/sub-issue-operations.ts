import { buildIssue } from "./build-issue.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { findIssueById } from "./find-issue-by-id.ts";
import { GitHubApiError, notFound, validationFailed } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** GitHub's documented limits: 100 sub-issues per parent, 8 levels of nesting. */
export const MAX_SUB_ISSUES = 100;
export const MAX_NESTING_LEVELS = 8;

function refuse(message: string): never {
  throw validationFailed([{ resource: "Issue", code: "custom", field: "sub_issue_id", message }]);
}

/** The chain of parents above an issue, nearest first. */
function ancestors(runtime: EmulatorRuntime, issue: IssueRecord): IssueRecord[] {
  const chain: IssueRecord[] = [];
  let current = issue.parentId === null ? null : findIssueById(runtime.state, issue.parentId);
  while (current && chain.length <= MAX_NESTING_LEVELS) {
    chain.push(current.issue);
    current = current.issue.parentId === null ? null : findIssueById(runtime.state, current.issue.parentId);
  }
  return chain;
}

/** How many levels an issue and its sub-issues span (1 for an issue without sub-issues). */
function subtreeHeight(runtime: EmulatorRuntime, issue: IssueRecord, depth = 0): number {
  if (depth > MAX_NESTING_LEVELS) return depth;
  const children = issue.subIssueIds.flatMap((id) => {
    const found = findIssueById(runtime.state, id);
    return found ? [found.issue] : [];
  });
  return 1 + Math.max(0, ...children.map((child) => subtreeHeight(runtime, child, depth + 1)));
}

function emitSubIssueEvents(
  runtime: EmulatorRuntime,
  parentRepo: RepositoryRecord,
  parent: IssueRecord,
  childRepo: RepositoryRecord,
  child: IssueRecord,
  change: "added" | "removed",
  senderLogin: string,
): void {
  const fields = {
    parent_issue_id: parent.id,
    parent_issue: buildIssue(runtime, parentRepo, parent),
    sub_issue_id: child.id,
    sub_issue: buildIssue(runtime, childRepo, child),
  };
  runtime.emit(parentRepo, "sub_issues", { action: `sub_issue_${change}`, ...fields }, senderLogin);
  runtime.emit(childRepo, "sub_issues", { action: `parent_issue_${change}`, ...fields }, senderLogin);
}

/**
 * Sub-issues. `sub_issue_id` is the issue's database id: an issue number sent instead names no issue,
 * so GitHub (and the emulator) answers 404.
 */
export function createSubIssueOperations(): OperationHandlers {
  return {
    "issues/add-sub-issue": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const parent = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const found = findIssueById(runtime.state, body.sub_issue_id);
      if (!found) throw notFound();
      const { repo: childRepo, issue: child } = found;
      if (childRepo.owner !== repo.owner)
        refuse("Sub-issue must belong to the same repository owner as the parent issue");
      if (child.pull) refuse("A pull request cannot be added as a sub-issue");
      if (child.id === parent.id) refuse("An issue cannot be a sub-issue of itself");
      if (parent.subIssueIds.includes(child.id)) refuse("Issue is already a sub-issue of this parent");
      if (child.parentId !== null && !body.replace_parent) refuse("Issue may only have one parent");
      if (ancestors(runtime, parent).some((ancestor) => ancestor.id === child.id)) {
        refuse("An issue cannot be a sub-issue of its own sub-issue");
      }
      if (parent.subIssueIds.length >= MAX_SUB_ISSUES) {
        refuse(`Parent issue cannot have more than ${MAX_SUB_ISSUES} sub-issues`);
      }
      if (ancestors(runtime, parent).length + 1 + subtreeHeight(runtime, child) > MAX_NESTING_LEVELS) {
        refuse(`Sub-issues cannot be nested more than ${MAX_NESTING_LEVELS} levels deep`);
      }
      if (child.parentId !== null) {
        const previous = findIssueById(runtime.state, child.parentId);
        if (previous) {
          previous.issue.subIssueIds = previous.issue.subIssueIds.filter((id) => id !== child.id);
          emitSubIssueEvents(
            runtime,
            previous.repo,
            previous.issue,
            childRepo,
            child,
            "removed",
            actor.login,
          );
        }
      }
      parent.subIssueIds.push(child.id);
      child.parentId = parent.id;
      const now = runtime.now();
      parent.updatedAt = now;
      child.updatedAt = now;
      emitSubIssueEvents(runtime, repo, parent, childRepo, child, "added", actor.login);
      const built = buildIssue(runtime, repo, parent);
      return { status: 201, body: built, headers: { location: `${built.url}/sub_issues` } };
    },

    "issues/list-sub-issues": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const parent = runtime.issue(repo, path.issue_number);
      const children = parent.subIssueIds.flatMap((id) => {
        const found = findIssueById(runtime.state, id);
        return found ? [buildIssue(runtime, found.repo, found.issue)] : [];
      });
      const page = paginateList(children, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "issues/remove-sub-issue": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const parent = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const found = findIssueById(runtime.state, body.sub_issue_id);
      if (!found || !parent.subIssueIds.includes(found.issue.id)) throw notFound();
      parent.subIssueIds = parent.subIssueIds.filter((id) => id !== found.issue.id);
      found.issue.parentId = null;
      const now = runtime.now();
      parent.updatedAt = now;
      found.issue.updatedAt = now;
      emitSubIssueEvents(runtime, repo, parent, found.repo, found.issue, "removed", actor.login);
      return { status: 200, body: buildIssue(runtime, repo, parent) };
    },

    "issues/reprioritize-sub-issue": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const parent = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      if (!parent.subIssueIds.includes(body.sub_issue_id)) throw notFound();
      const anchor = body.after_id ?? body.before_id;
      if ((body.after_id === undefined) === (body.before_id === undefined) || anchor === undefined) {
        throw new GitHubApiError(422, "Specify exactly one of after_id or before_id");
      }
      if (!parent.subIssueIds.includes(anchor) || anchor === body.sub_issue_id) {
        throw new GitHubApiError(422, "The positional sub-issue is not a sub-issue of this issue");
      }
      const order = parent.subIssueIds.filter((id) => id !== body.sub_issue_id);
      const position = order.indexOf(anchor) + (body.after_id === undefined ? 0 : 1);
      order.splice(position, 0, body.sub_issue_id);
      parent.subIssueIds = order;
      parent.updatedAt = runtime.now();
      return { status: 200, body: buildIssue(runtime, repo, parent) };
    },

    "issues/get-parent": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const parent = issue.parentId === null ? null : findIssueById(runtime.state, issue.parentId);
      if (!parent) throw notFound();
      return { status: 200, body: buildIssue(runtime, parent.repo, parent.issue) };
    },
  };
}
