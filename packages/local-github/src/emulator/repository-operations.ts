import { buildBranchProtection, buildBranchRules } from "./build-branch-protection.ts";
import { buildCommit } from "./build-commit.ts";
import { repositoryApiUrl, repositoryHtmlUrl } from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { Permission, RepositoryRecord } from "./emulator-state.ts";
import { GitHubApiError, notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** What `permission` GitHub reports for a role: the legacy three-level view of the five roles. */
const LEGACY_PERMISSION: Record<Permission, "admin" | "write" | "read"> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

async function resolveCommit(runtime: EmulatorRuntime, repo: RepositoryRecord, ref: string) {
  const git = runtime.git(repo);
  const sha = await git.resolve(ref);
  const commit = sha ? await git.commit(sha) : null;
  if (!commit) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
  return commit;
}

/** `application/vnd.github.raw`, `…v3.raw` or `…raw+json`: the client wants a file's bytes, not JSON. */
function wantsRaw(accept: string): boolean {
  return /application\/vnd\.github(\.v3)?\.raw(\+json)?\b/.test(accept);
}

/** Base64 the way the contents API sends it: wrapped at 60 characters per line. */
function wrappedBase64(content: Buffer): string {
  return (
    content
      .toString("base64")
      .match(/.{1,60}/g)
      ?.map((line) => `${line}\n`)
      .join("") ?? ""
  );
}

/** Repositories, branches, commits, contents, collaborators and branch rules. */
export function createRepositoryOperations(): OperationHandlers {
  return {
    "repos/get": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const has = (level: Permission) => runtime.hasPermission(actor, repo, level);
      return {
        status: 200,
        body: {
          ...buildRepository(runtime, repo),
          permissions: {
            admin: has("admin"),
            maintain: has("maintain"),
            push: has("write"),
            triage: has("triage"),
            pull: has("read"),
          },
        },
      };
    },

    "repos/list-branches": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const refs = await runtime.git(repo).listRefs("refs/heads/");
      const branches = [...refs.entries()]
        .map(([ref, sha]) => {
          const name = ref.slice("refs/heads/".length);
          return {
            name,
            commit: { sha, url: `${repositoryApiUrl(runtime, repo)}/commits/${sha}` },
            protected: repo.requiredStatusChecks[name] !== undefined,
          };
        })
        .filter((branch) => query.protected === undefined || branch.protected === query.protected)
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = paginateList(branches, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "repos/get-branch": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const sha = await runtime.branchSha(repo, path.branch);
      const commit = sha ? await runtime.git(repo).commit(sha) : null;
      if (!commit) throw new GitHubApiError(404, "Branch not found");
      const protection = buildBranchProtection(runtime, repo, path.branch);
      const protectionUrl = `${repositoryApiUrl(runtime, repo)}/branches/${encodeURIComponent(path.branch)}/protection`;
      return {
        status: 200,
        body: {
          name: path.branch,
          commit: buildCommit(runtime, repo, commit, []),
          _links: {
            self: `${repositoryApiUrl(runtime, repo)}/branches/${encodeURIComponent(path.branch)}`,
            html: `${repositoryHtmlUrl(runtime, repo)}/tree/${path.branch}`,
          },
          protected: protection !== null,
          protection: protection ?? {
            enabled: false,
            required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
          },
          protection_url: protectionUrl,
        },
      };
    },

    "repos/get-branch-protection": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      if ((await runtime.branchSha(repo, path.branch)) === null)
        throw new GitHubApiError(404, "Branch not found");
      const protection = buildBranchProtection(runtime, repo, path.branch);
      if (!protection) throw new GitHubApiError(404, "Branch not protected");
      return { status: 200, body: protection };
    },

    "repos/get-branch-rules": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const page = paginateList(buildBranchRules(repo, path.branch), query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "repos/get-commit": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const commit = await resolveCommit(runtime, repo, path.ref);
      const files = await runtime.commitChanges(repo, commit);
      return { status: 200, body: buildCommit(runtime, repo, commit, files) };
    },

    "repos/get-collaborator-permission-level": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      if (!runtime.state.accounts[path.username]) throw notFound();
      const role: Permission = runtime.permissionOf({ kind: "user", login: path.username }, repo) ?? "read";
      const has = (level: Permission) =>
        runtime.hasPermission({ kind: "user", login: path.username }, repo, level);
      return {
        status: 200,
        body: {
          permission: LEGACY_PERMISSION[role],
          role_name: role,
          user: {
            ...buildSimpleUser(runtime, path.username),
            permissions: {
              admin: has("admin"),
              maintain: has("maintain"),
              push: has("write"),
              triage: has("triage"),
              pull: true,
            },
            role_name: role,
          },
        },
      };
    },

    "repos/get-content": async ({ runtime, path, query, accept }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const ref = query.ref ?? repo.defaultBranch;
      const git = runtime.git(repo);
      const sha = await git.resolve(ref);
      if (!sha) throw new GitHubApiError(404, `No commit found for the ref ${ref}`);
      const apiBase = `${repositoryApiUrl(runtime, repo)}/contents`;
      const htmlBase = `${repositoryHtmlUrl(runtime, repo)}/blob/${ref}`;
      const describe = (entryPath: string, entrySha: string, kind: "file" | "dir") => {
        const encoded = entryPath.split("/").map(encodeURIComponent).join("/");
        const selfUrl = `${apiBase}/${encoded}?ref=${encodeURIComponent(ref)}`;
        const gitUrl = `${repositoryApiUrl(runtime, repo)}/git/${kind === "dir" ? "trees" : "blobs"}/${entrySha}`;
        const htmlUrl = `${htmlBase}/${encoded}`;
        return {
          url: selfUrl,
          git_url: gitUrl,
          html_url: htmlUrl,
          download_url: kind === "file" ? `${repositoryHtmlUrl(runtime, repo)}/raw/${ref}/${encoded}` : null,
          _links: { self: selfUrl, git: gitUrl, html: htmlUrl },
        };
      };
      const file = await git.readFile(sha, path.path);
      if (file) {
        const name = path.path.split("/").filter(Boolean).at(-1) ?? path.path;
        return {
          status: 200,
          ...(wantsRaw(accept)
            ? { raw: { contentType: "application/vnd.github.raw; charset=utf-8", data: file.content } }
            : {}),
          body: {
            type: "file",
            encoding: "base64",
            size: file.size,
            name,
            path: path.path.replace(/^\/+|\/+$/g, ""),
            content: wrappedBase64(file.content),
            sha: file.sha,
            ...describe(path.path.replace(/^\/+|\/+$/g, ""), file.sha, "file"),
          },
        };
      }
      const entries = await git.listDirectory(sha, path.path);
      if (!entries) throw notFound();
      return {
        status: 200,
        body: entries.map((entry) => ({
          type: entry.type,
          size: entry.size,
          name: entry.name,
          path: entry.path,
          sha: entry.sha,
          ...describe(entry.path, entry.sha, entry.type === "dir" ? "dir" : "file"),
        })),
      };
    },
  };
}
