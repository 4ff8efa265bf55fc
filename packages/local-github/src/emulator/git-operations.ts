import { RefConflictError } from "../git/bare-repo.ts";
import { isValidRefName } from "../git/is-valid-ref-name.ts";
import { buildGitCommit } from "./build-commit.ts";
import { type BuildContext, buildNodeId, repositoryApiUrl, type Schemas } from "./build-context.ts";
import type { RepositoryRecord } from "./emulator-state.ts";
import { GitHubApiError, notFound, unprocessable } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";

function buildGitRef(
  context: BuildContext,
  repo: RepositoryRecord,
  ref: string,
  sha: string,
): Schemas["git-ref"] {
  const repoUrl = repositoryApiUrl(context, repo);
  return {
    ref,
    node_id: buildNodeId("Ref", Number.parseInt(sha.slice(0, 8), 16)),
    url: `${repoUrl}/git/${ref}`,
    object: { type: "commit", sha, url: `${repoUrl}/git/commits/${sha}` },
  };
}

/** The refs API names refs without their `refs/` prefix (`heads/main`); accept either. */
function fullRef(ref: string): string {
  return ref.startsWith("refs/") ? ref : `refs/${ref}`;
}

/**
 * Git refs and commits. Creating a ref is a compare-and-swap against "must not exist" in the bare
 * repository, so of two concurrent creates exactly one wins and the other gets GitHub's 422 — the atomic
 * claim Foreman relies on.
 */
export function createGitOperations(): OperationHandlers {
  return {
    "git/create-ref": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      if (!body.ref.startsWith("refs/") || body.ref.split("/").length < 3 || !isValidRefName(body.ref)) {
        throw unprocessable("Reference name is invalid");
      }
      const git = runtime.git(repo);
      const commit = /^[0-9a-f]{40}$/.test(body.sha) ? await git.commit(body.sha) : null;
      if (!commit) throw unprocessable("Object does not exist");
      try {
        await git.setRef(body.ref, commit.sha, null);
      } catch (error) {
        if (error instanceof RefConflictError) throw unprocessable("Reference already exists");
        throw error;
      }
      const created = buildGitRef(runtime, repo, body.ref, commit.sha);
      return { status: 201, body: created, headers: { location: created.url } };
    },

    "git/get-ref": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const ref = fullRef(path.ref);
      const sha = (await runtime.git(repo).listRefs(ref)).get(ref);
      if (!sha) throw notFound();
      return { status: 200, body: buildGitRef(runtime, repo, ref, sha) };
    },

    "git/list-matching-refs": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const refs = await runtime.git(repo).listRefs(fullRef(path.ref));
      const body = [...refs.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([ref, sha]) => buildGitRef(runtime, repo, ref, sha));
      return { status: 200, body };
    },

    "git/update-ref": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const ref = fullRef(path.ref);
      const git = runtime.git(repo);
      const current = (await git.listRefs(ref)).get(ref);
      if (!current) throw unprocessable("Reference does not exist");
      const commit = /^[0-9a-f]{40}$/.test(body.sha) ? await git.commit(body.sha) : null;
      if (!commit) throw unprocessable("Object does not exist");
      if (!body.force && !(await git.isAncestor(current, commit.sha))) {
        throw unprocessable("Update is not a fast forward");
      }
      try {
        await git.setRef(ref, commit.sha, current);
      } catch (error) {
        // Someone moved the ref between our read and the swap: GitHub reports the same as a non-fast-forward.
        if (error instanceof RefConflictError) throw unprocessable("Update is not a fast forward");
        throw error;
      }
      return { status: 200, body: buildGitRef(runtime, repo, ref, commit.sha) };
    },

    "git/delete-ref": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const deleted = await runtime.git(repo).deleteRef(fullRef(path.ref));
      if (!deleted) throw unprocessable("Reference does not exist");
      return { status: 204, body: undefined };
    },

    "git/get-commit": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const commit = /^[0-9a-f]{4,40}$/.test(path.commit_sha)
        ? await runtime.git(repo).commit(path.commit_sha)
        : null;
      if (!commit) throw new GitHubApiError(404, "Not Found");
      return { status: 200, body: buildGitCommit(runtime, repo, commit) };
    },
  };
}
