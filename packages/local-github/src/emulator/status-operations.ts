import { scheduleMergeRequests } from "./advance-merge-requests.ts";
import { buildCommit } from "./build-commit.ts";
import { buildCommitStatus } from "./build-commit-status.ts";
import { repositoryApiUrl } from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { CommitStatusRecord, RepositoryRecord } from "./emulator-state.ts";
import { GitHubApiError } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

async function resolveSha(runtime: EmulatorRuntime, repo: RepositoryRecord, ref: string): Promise<string> {
  const sha = await runtime.git(repo).resolve(ref);
  if (!sha) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** The newest status of each context, which is what the combined status and branch protection look at. */
function latestPerContext(statuses: CommitStatusRecord[]): CommitStatusRecord[] {
  const latest = new Map<string, CommitStatusRecord>();
  for (const status of statuses) {
    const known = latest.get(status.context);
    if (!known || known.id < status.id) latest.set(status.context, status);
  }
  return [...latest.values()].sort((a, b) => a.context.localeCompare(b.context));
}

function combinedState(statuses: CommitStatusRecord[]): "failure" | "pending" | "success" {
  if (statuses.some((status) => status.state === "failure" || status.state === "error")) return "failure";
  if (statuses.length === 0 || statuses.some((status) => status.state === "pending")) return "pending";
  return "success";
}

/** Commit statuses (the pre-checks API that CI services and bots still use). */
export function createStatusOperations(): OperationHandlers {
  return {
    "repos/create-commit-status": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const git = runtime.git(repo);
      const commit = /^[0-9a-f]{40}$/.test(path.sha) ? await git.commit(path.sha) : null;
      if (!commit) throw new GitHubApiError(422, `No commit found for SHA: ${path.sha}`);
      const now = runtime.now();
      const status: CommitStatusRecord = {
        id: runtime.allocateId(),
        sha: commit.sha,
        state: body.state,
        context: body.context ?? "default",
        description: body.description ?? null,
        targetUrl: body.target_url ?? null,
        creatorLogin: actor.login,
        createdAt: now,
        updatedAt: now,
      };
      repo.statuses.push(status);
      const refs = await git.listRefs("refs/heads/");
      const branches = [...refs.entries()]
        .filter(([, sha]) => sha === commit.sha)
        .map(([ref, sha]) => {
          const name = ref.slice("refs/heads/".length);
          return {
            name,
            commit: { sha, url: `${repositoryApiUrl(runtime, repo)}/commits/${sha}` },
            protected: repo.requiredStatusChecks[name] !== undefined,
          };
        });
      runtime.emit(
        repo,
        "status",
        {
          id: status.id,
          sha: status.sha,
          name: `${repo.owner}/${repo.name}`,
          target_url: status.targetUrl,
          context: status.context,
          description: status.description,
          state: status.state,
          commit: buildCommit(runtime, repo, commit, []),
          branches,
          created_at: status.createdAt,
          updated_at: status.updatedAt,
        },
        actor.login,
      );
      // A status may be the last required check a merge group waited for.
      if (status.state !== "pending") scheduleMergeRequests(runtime, repo);
      const built = buildCommitStatus(runtime, repo, status);
      return { status: 201, body: built, headers: { location: built.url } };
    },

    "repos/list-commit-statuses-for-ref": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const sha = await resolveSha(runtime, repo, path.ref);
      const statuses = repo.statuses.filter((status) => status.sha === sha).sort((a, b) => b.id - a.id);
      const page = paginateList(statuses, query, url);
      return {
        status: 200,
        body: page.items.map((status) => buildCommitStatus(runtime, repo, status)),
        headers: page.headers,
      };
    },

    "repos/get-combined-status-for-ref": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const sha = await resolveSha(runtime, repo, path.ref);
      const latest = latestPerContext(repo.statuses.filter((status) => status.sha === sha));
      const page = paginateList(latest, query, url);
      const repoUrl = repositoryApiUrl(runtime, repo);
      return {
        status: 200,
        body: {
          state: combinedState(latest),
          statuses: page.items.map((status) => {
            const { creator: _creator, ...simple } = buildCommitStatus(runtime, repo, status);
            return simple;
          }),
          sha,
          total_count: latest.length,
          repository: buildRepository(runtime, repo),
          commit_url: `${repoUrl}/commits/${sha}`,
          url: `${repoUrl}/commits/${sha}/status`,
        },
        headers: page.headers,
      };
    },
  };
}
