import type { CommitInfo } from "../git/bare-repo.ts";
import type { ChangedFile } from "../git/parse-changed-files.ts";
import {
  type BuildContext,
  buildNodeId,
  commitMessage,
  repositoryApiUrl,
  repositoryHtmlUrl,
  type Schemas,
} from "./build-context.ts";
import type { RepositoryRecord } from "./emulator-state.ts";

export function buildDiffEntry(
  context: BuildContext,
  repo: RepositoryRecord,
  sha: string,
  file: ChangedFile,
): Schemas["diff-entry"] {
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: null,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repositoryHtmlUrl(context, repo)}/blob/${sha}/${path}`,
    raw_url: `${repositoryHtmlUrl(context, repo)}/raw/${sha}/${path}`,
    contents_url: `${repositoryApiUrl(context, repo)}/contents/${path}?ref=${sha}`,
    ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
  };
}

/** GET /repos/{owner}/{repo}/commits/{ref}: the commit with its files and stats. */
export function buildCommit(
  context: BuildContext,
  repo: RepositoryRecord,
  commit: CommitInfo,
  files: ChangedFile[],
): Schemas["commit"] {
  const repoUrl = repositoryApiUrl(context, repo);
  const htmlBase = repositoryHtmlUrl(context, repo);
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    url: `${repoUrl}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: buildNodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${htmlBase}/commit/${commit.sha}`,
    comments_url: `${repoUrl}/commits/${commit.sha}/comments`,
    commit: {
      url: `${repoUrl}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commitMessage(commit.message),
      comment_count: 0,
      tree: { sha: commit.tree, url: `${repoUrl}/git/trees/${commit.tree}` },
      verification: {
        verified: false,
        reason: "unsigned",
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: {},
    committer: {},
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoUrl}/commits/${sha}`,
      html_url: `${htmlBase}/commit/${sha}`,
    })),
    stats: { additions, deletions, total: additions + deletions },
    files: files.map((file) => buildDiffEntry(context, repo, commit.sha, file)),
  };
}

/** GET /repos/{owner}/{repo}/git/commits/{sha}: the raw git object. */
export function buildGitCommit(
  context: BuildContext,
  repo: RepositoryRecord,
  commit: CommitInfo,
): Schemas["git-commit"] {
  const repoUrl = repositoryApiUrl(context, repo);
  const htmlBase = repositoryHtmlUrl(context, repo);
  return {
    sha: commit.sha,
    node_id: buildNodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${repoUrl}/git/commits/${commit.sha}`,
    html_url: `${htmlBase}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commitMessage(commit.message),
    tree: { sha: commit.tree, url: `${repoUrl}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoUrl}/git/commits/${sha}`,
      html_url: `${htmlBase}/commit/${sha}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}
