import { buildGitCommit } from "./build-commit.ts";
import { repositoryApiUrl, repositoryHtmlUrl } from "./build-context.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord } from "./emulator-state.ts";
import { gitIdentityOf } from "./git-identity-of.ts";
import { GitHubApiError, unprocessable, validationFailed } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/** Base64 as GitHub accepts it (line breaks allowed); anything else is a 422, not silently decoded. */
function decodeContent(content: string): Buffer {
  if (!BASE64.test(content) || content.replace(/[\r\n]/g, "").length % 4 !== 0)
    throw validationFailed([
      { resource: "Commit", code: "custom", field: "content", message: "content is not valid Base64" },
    ]);
  return Buffer.from(content, "base64");
}

/** A protected branch takes no direct commits that have not passed its required checks. */
function refuseProtectedBranch(repo: RepositoryRecord, branch: string): void {
  const required = repo.requiredStatusChecks[branch];
  if (required && required.length > 0)
    throw new GitHubApiError(
      409,
      `Repository rule violations found\n\nRequired status check "${required[0]}" is expected.`,
      { documentationUrl: "https://docs.github.com/articles/about-protected-branches" },
    );
}

function identity(
  runtime: EmulatorRuntime,
  login: string,
  given: { name: string; email: string } | undefined,
): { name: string; email: string } {
  return given ? { name: given.name, email: given.email } : gitIdentityOf(runtime, login);
}

/** Creating or replacing one file with a real commit on the branch, as the contents API does. */
export function createContentWriteOperations(): OperationHandlers {
  return {
    "repos/create-or-update-file-contents": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const branch = body.branch ?? repo.defaultBranch;
      const git = runtime.git(repo);
      const tip = await git.resolve(`refs/heads/${branch}`);
      if (!tip) throw new GitHubApiError(404, `Branch ${branch} not found`);
      const filePath = path.path.replace(/^\/+|\/+$/g, "");
      if (
        filePath === "" ||
        filePath.split("/").some((part) => part === "." || part === ".." || part === ".git")
      )
        throw unprocessable(`path "${path.path}" cannot be written; name a file inside the repository`);
      const existing = await git.readFile(tip, filePath);
      if (existing === null && (await git.listDirectory(tip, filePath)) !== null)
        throw unprocessable(`${filePath} is a directory, not a file`);
      if (existing && body.sha === undefined)
        throw validationFailed([
          { resource: "Commit", code: "missing_field", field: "sha", message: '"sha" wasn\'t supplied.' },
        ]);
      if (body.sha !== undefined && body.sha !== (existing?.sha ?? null))
        throw new GitHubApiError(409, `${filePath} does not match ${body.sha}`);
      refuseProtectedBranch(repo, branch);
      const committer = identity(runtime, actor.login, body.committer);
      const author = body.author ? identity(runtime, actor.login, body.author) : committer;
      const sha = await git.commitFiles({
        branch,
        files: { [filePath]: decodeContent(body.content) },
        message: body.message,
        author,
        committer,
      });
      const [commit, written] = await Promise.all([git.commit(sha), git.readFile(sha, filePath)]);
      if (!commit || !written) throw new Error(`commit ${sha} of ${filePath} cannot be read back`);
      const apiBase = repositoryApiUrl(runtime, repo);
      const htmlBase = repositoryHtmlUrl(runtime, repo);
      const encoded = filePath.split("/").map(encodeURIComponent).join("/");
      const selfUrl = `${apiBase}/contents/${encoded}?ref=${encodeURIComponent(branch)}`;
      const gitUrl = `${apiBase}/git/blobs/${written.sha}`;
      const htmlUrl = `${htmlBase}/blob/${branch}/${encoded}`;
      return {
        status: existing ? 200 : 201,
        body: {
          content: {
            name: filePath.split("/").at(-1) ?? filePath,
            path: filePath,
            sha: written.sha,
            size: written.size,
            url: selfUrl,
            html_url: htmlUrl,
            git_url: gitUrl,
            download_url: `${htmlBase}/raw/${branch}/${encoded}`,
            type: "file",
            _links: { self: selfUrl, git: gitUrl, html: htmlUrl },
          },
          commit: buildGitCommit(runtime, repo, commit),
        },
      };
    },
  };
}
