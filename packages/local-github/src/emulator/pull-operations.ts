import type { MergeMethod } from "../git/bare-repo.ts";
import { applyIssueUpdate } from "./apply-issue-update.ts";
import { buildDiffEntry } from "./build-commit.ts";
import { repositoryHtmlUrl } from "./build-context.ts";
import { buildPullRequest, buildPullRequestSimple } from "./build-pull-request.ts";
import { createIssueRecord } from "./create-issue-record.ts";
import { emitIssueEvent } from "./emit-issue-event.ts";
import { type EmulatorRuntime, isOpenPull, isPull, type PullIssue } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { enforceTextLimits } from "./enforce-text-limits.ts";
import { gitIdentityOf } from "./git-identity-of.ts";
import { GitHubApiError, unprocessable, validationFailed } from "./github-api-error.ts";
import type { Actor, OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";
import { recordPullMerged } from "./record-pull-merged.ts";
import { startLocalCi } from "./run-local-ci.ts";

const PROTECTED_BRANCH_DOCS = "https://docs.github.com/articles/about-protected-branches";

/** `owner:branch` or `branch`; only branches of the repository itself are supported (no forks). */
function branchOf(repo: RepositoryRecord, head: string): string | null {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  return head.slice(0, colon) === repo.owner ? head.slice(colon + 1) : null;
}

function buildPullHtmlUrl(runtime: EmulatorRuntime, repo: RepositoryRecord, issue: PullIssue): string {
  return `${repositoryHtmlUrl(runtime, repo)}/pull/${issue.number}`;
}

async function buildFull(runtime: EmulatorRuntime, repo: RepositoryRecord, issue: PullIssue) {
  return buildPullRequest(runtime, repo, issue, await runtime.pullFacts(repo, issue));
}

/** Authors may edit their own pull request; everyone else needs write access. */
function requirePullEditor(
  runtime: EmulatorRuntime,
  actor: Actor,
  repo: RepositoryRecord,
  issue: IssueRecord,
) {
  if (issue.authorLogin !== actor.login) runtime.requirePermission(actor, repo, "write");
}

/** Pull requests: a real branch comparison, mergeability from a test merge, and a real git merge. */
export function createPullOperations(): OperationHandlers {
  return {
    "pulls/create": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "read");
      enforceTextLimits("PullRequest", { title: body.title, body: body.body });
      const headRef = branchOf(repo, body.head);
      const headSha = headRef === null ? null : await runtime.branchSha(repo, headRef);
      const baseSha = await runtime.branchSha(repo, body.base);
      const invalid = [
        ...(headSha === null ? [{ resource: "PullRequest", code: "invalid" as const, field: "head" }] : []),
        ...(baseSha === null ? [{ resource: "PullRequest", code: "invalid" as const, field: "base" }] : []),
      ];
      if (invalid.length > 0 || headRef === null || headSha === null || baseSha === null)
        throw validationFailed(invalid);
      const duplicate = repo.issues
        .filter(isOpenPull)
        .find((issue) => issue.pull.headRef === headRef && issue.pull.baseRef === body.base);
      if (duplicate) {
        throw validationFailed([
          {
            resource: "PullRequest",
            code: "custom",
            message: `A pull request already exists for ${repo.owner}:${headRef}.`,
          },
        ]);
      }
      if (await runtime.git(repo).isAncestor(headSha, baseSha)) {
        throw validationFailed([
          {
            resource: "PullRequest",
            code: "custom",
            message: `No commits between ${body.base} and ${headRef}`,
          },
        ]);
      }
      let issue: IssueRecord;
      if (body.issue !== undefined) {
        issue = runtime.issue(repo, Number(body.issue));
        if (issue.pull)
          throw validationFailed([{ resource: "PullRequest", code: "invalid", field: "issue" }]);
      } else {
        if (body.title === undefined || body.title === "") {
          throw validationFailed([{ resource: "PullRequest", code: "missing_field", field: "title" }]);
        }
        issue = createIssueRecord(runtime, repo, {
          title: body.title,
          body: body.body ?? null,
          authorLogin: actor.login,
          labels: [],
          assignees: [],
        });
      }
      issue.pull = {
        id: runtime.allocateId(),
        headRef,
        headSha,
        baseRef: body.base,
        draft: body.draft ?? false,
        merged: false,
        mergedAt: null,
        mergedByLogin: null,
        mergeCommitSha: null,
        maintainerCanModify: body.maintainer_can_modify ?? true,
        mergedStats: null,
      };
      await emitIssueEvent(runtime, repo, issue, { action: "opened" }, actor.login);
      // GitHub Actions runs `on: pull_request` when a pull request opens, not only on later pushes.
      startLocalCi(runtime, repo, { headSha, headBranch: headRef, before: null, senderLogin: actor.login });
      const built = await buildFull(runtime, repo, runtime.pull(repo, issue.number));
      return { status: 201, body: built, headers: { location: built.url } };
    },

    "pulls/get": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      return { status: 200, body: await buildFull(runtime, repo, runtime.pull(repo, path.pull_number)) };
    },

    "pulls/list": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const state = query.state ?? "open";
      const headFilter = query.head === undefined ? undefined : branchOf(repo, query.head);
      const pulls = repo.issues.filter(isPull).filter((issue) => {
        if (state !== "all" && issue.state !== state) return false;
        if (query.head !== undefined && issue.pull.headRef !== headFilter) return false;
        if (query.base !== undefined && issue.pull.baseRef !== query.base) return false;
        return true;
      });
      const sort = query.sort ?? "created";
      const direction = (query.direction ?? (sort === "long-running" ? "asc" : "desc")) === "asc" ? 1 : -1;
      const sorted = [...pulls].sort((a, b) => {
        const key = sort === "updated" ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt) : 0;
        return direction * (key !== 0 ? key : a.number - b.number);
      });
      const page = paginateList(sorted, query, url);
      const body = await Promise.all(
        page.items.map(async (issue) =>
          buildPullRequestSimple(
            runtime,
            repo,
            issue,
            (await runtime.branchSha(repo, issue.pull.baseRef)) ?? issue.pull.headSha,
          ),
        ),
      );
      return { status: 200, body, headers: page.headers };
    },

    "pulls/update": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      requirePullEditor(runtime, actor, repo, issue);
      const update = body ?? {};
      enforceTextLimits("PullRequest", { title: update.title, body: update.body });
      if (update.state === "open" && issue.state === "closed") {
        if (issue.pull.merged)
          throw validationFailed([
            {
              resource: "PullRequest",
              code: "custom",
              field: "state",
              message: "Cannot reopen a merged pull request",
            },
          ]);
        const other = repo.issues
          .filter(isOpenPull)
          .find(
            (candidate) =>
              candidate.pull.headRef === issue.pull.headRef && candidate.pull.baseRef === issue.pull.baseRef,
          );
        if (other) {
          throw validationFailed([
            {
              resource: "PullRequest",
              code: "custom",
              message: `A pull request already exists for ${repo.owner}:${issue.pull.headRef}.`,
            },
          ]);
        }
      }
      const events = applyIssueUpdate(runtime, actor, repo, issue, {
        title: update.title,
        body: update.body,
        state: update.state,
      });
      if (update.base !== undefined && update.base !== issue.pull.baseRef) {
        const baseSha = await runtime.branchSha(repo, update.base);
        if (baseSha === null)
          throw validationFailed([{ resource: "PullRequest", code: "invalid", field: "base" }]);
        const previousSha = (await runtime.branchSha(repo, issue.pull.baseRef)) ?? issue.pull.headSha;
        const changes = { base: { ref: { from: issue.pull.baseRef }, sha: { from: previousSha } } };
        issue.pull.baseRef = update.base;
        issue.updatedAt = runtime.now();
        const edited = events.find((event) => event.action === "edited");
        if (edited && edited.action === "edited") Object.assign(edited.changes, changes);
        else events.unshift({ action: "edited", changes });
      }
      if (update.maintainer_can_modify !== undefined)
        issue.pull.maintainerCanModify = update.maintainer_can_modify;
      for (const event of events) await emitIssueEvent(runtime, repo, issue, event, actor.login);
      return { status: 200, body: await buildFull(runtime, repo, issue) };
    },

    "pulls/list-files": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.pull(repo, path.pull_number);
      const facts = await runtime.pullFacts(repo, issue);
      const files = await runtime.git(repo).changedFiles(facts.baseSha, issue.pull.headSha);
      const page = paginateList(files, query, url);
      return {
        status: 200,
        body: page.items.map((file) => buildDiffEntry(runtime, repo, issue.pull.headSha, file)),
        headers: page.headers,
      };
    },

    "pulls/update-branch": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const issue = runtime.pull(repo, path.pull_number);
      if (issue.state !== "open") throw unprocessable("Pull request is not open.");
      const expected = body?.expected_head_sha;
      if (expected !== undefined && expected !== issue.pull.headSha)
        throw unprocessable("expected head sha didn't match current head ref.");
      const git = runtime.git(repo);
      const baseSha = await runtime.branchSha(repo, issue.pull.baseRef);
      if (baseSha === null) throw unprocessable(`Base branch ${issue.pull.baseRef} does not exist.`);
      if (await git.isAncestor(baseSha, issue.pull.headSha))
        throw unprocessable("There are no new commits on the base branch.");
      // The base's tip merged into the head branch: a real merge commit whose push runs CI as any push.
      const result = await git.merge({
        baseBranch: issue.pull.headRef,
        headSha: baseSha,
        method: "merge",
        title: `Merge branch '${issue.pull.baseRef}' into ${issue.pull.headRef}`,
        committer: gitIdentityOf(runtime, actor.login),
      });
      if (!result.ok) throw unprocessable("merge conflict between base and head");
      return {
        status: 202,
        body: { message: "Updating pull request branch.", url: buildPullHtmlUrl(runtime, repo, issue) },
      };
    },

    "pulls/merge": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const issue = runtime.pull(repo, path.pull_number);
      const options = body ?? {};
      if (issue.state !== "open" || issue.pull.merged) {
        throw new GitHubApiError(405, "Pull Request is not mergeable");
      }
      if (repo.mergeQueueBranches.includes(issue.pull.baseRef))
        throw new GitHubApiError(405, "Changes must be made through the merge queue", {
          documentationUrl: PROTECTED_BRANCH_DOCS,
        });
      if (options.sha !== undefined && options.sha !== issue.pull.headSha) {
        throw new GitHubApiError(409, "Head branch was modified. Review and try the merge again.");
      }
      const git = runtime.git(repo);
      const test = await git.testMerge(issue.pull.baseRef, issue.pull.headSha);
      if (!test.mergeable) throw new GitHubApiError(405, "Pull Request is not mergeable");
      const checks = runtime.requiredChecks(repo, issue.pull.baseRef, issue.pull.headSha);
      const blocking = checks.failing[0] ?? checks.pending[0];
      if (blocking !== undefined) {
        const verb = checks.failing.length > 0 ? "is failing" : "is expected";
        throw new GitHubApiError(405, `Required status check "${blocking}" ${verb}.`, {
          documentationUrl: PROTECTED_BRANCH_DOCS,
        });
      }
      const facts = await runtime.pullFacts(repo, issue);
      const method: MergeMethod = options.merge_method ?? "merge";
      const title =
        options.commit_title ??
        (method === "squash"
          ? `${issue.title} (#${issue.number})`
          : `Merge pull request #${issue.number} from ${repo.owner}/${issue.pull.headRef}`);
      const message = options.commit_message ?? (method === "merge" ? issue.title : undefined);
      const result = await git.merge({
        baseBranch: issue.pull.baseRef,
        headSha: issue.pull.headSha,
        method,
        title,
        ...(message === undefined ? {} : { message }),
        committer: gitIdentityOf(runtime, actor.login),
      });
      if (!result.ok) throw new GitHubApiError(405, "Pull Request is not mergeable");
      await recordPullMerged(runtime, repo, issue, actor, result.sha, facts);
      return {
        status: 200,
        body: { sha: result.sha, merged: true, message: "Pull Request successfully merged" },
      };
    },
  };
}
