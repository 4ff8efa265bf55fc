import type { CommitInfo, RefUpdate } from "../git/bare-repo.ts";
import { runGit } from "../git/run-git.ts";
import { commitMessage, repositoryHtmlUrl } from "./build-context.ts";
import { buildPullRequest } from "./build-pull-request.ts";
import { buildRepository } from "./build-repository.ts";
import { emitCheckSuiteEvent } from "./emit-check-events.ts";
import { type EmulatorRuntime, isOpenPull } from "./emulator-runtime.ts";
import { ADMIN_LOGIN, type CheckSuiteRecord, type RepositoryRecord } from "./emulator-state.ts";
import { startLocalCi } from "./run-local-ci.ts";

/** GitHub lists at most 20 commits in a push payload. */
const MAX_PUSH_COMMITS = 20;
const ZERO_SHA = "0000000000000000000000000000000000000000";

const chains = new WeakMap<RepositoryRecord, Promise<void>>();

/**
 * Reacts to ref changes of a bare repository (pushes by path, API ref writes, merges), one batch after
 * another per repository so events keep the order the refs moved in: `create`/`delete`, `push`,
 * `pull_request.synchronize` and the local CI for pull request heads, and a `check_suite.requested` per app.
 */
export function handleRefUpdates(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  updates: RefUpdate[],
  actorLogin: string | undefined,
): void {
  const previous = chains.get(repo) ?? Promise.resolve();
  const next = previous.then(() => processUpdates(runtime, repo, updates, actorLogin ?? ADMIN_LOGIN));
  chains.set(
    repo,
    next.catch(() => undefined),
  );
  runtime.track(next, `push processing for ${repo.owner}/${repo.name}`);
}

async function commitsBetween(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  update: RefUpdate,
  after: string,
): Promise<CommitInfo[]> {
  const git = runtime.git(repo);
  const range =
    update.before === null
      ? [after, "--not", `--exclude=${update.ref}`, "--branches"]
      : [after, `^${update.before}`];
  const output = await runGit(["rev-list", "--reverse", `--max-count=${MAX_PUSH_COMMITS}`, ...range], {
    cwd: git.dir,
  });
  const shas = output.stdout.toString("utf8").split("\n").filter(Boolean);
  const commits = await Promise.all(shas.map((sha) => git.commit(sha)));
  return commits.filter((commit): commit is CommitInfo => commit !== null);
}

async function pushCommit(runtime: EmulatorRuntime, repo: RepositoryRecord, commit: CommitInfo) {
  const files = await runtime.commitChanges(repo, commit);
  return {
    id: commit.sha,
    tree_id: commit.tree,
    distinct: true,
    message: commitMessage(commit.message),
    timestamp: commit.committer.date,
    url: `${repositoryHtmlUrl(runtime, repo)}/commit/${commit.sha}`,
    author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
    committer: { name: commit.committer.name, email: commit.committer.email, date: commit.committer.date },
    added: files.filter((file) => file.status === "added").map((file) => file.filename),
    removed: files.filter((file) => file.status === "removed").map((file) => file.filename),
    modified: files
      .filter((file) => file.status === "modified" || file.status === "renamed")
      .map((file) => file.filename),
  };
}

async function processUpdates(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  updates: RefUpdate[],
  senderLogin: string,
): Promise<void> {
  const git = runtime.git(repo);
  for (const update of updates) {
    const isBranch = update.ref.startsWith("refs/heads/");
    if (!isBranch && !update.ref.startsWith("refs/tags/")) continue;
    const name = update.ref.replace(/^refs\/(heads|tags)\//, "");
    const refType = isBranch ? "branch" : "tag";
    const now = runtime.now();
    repo.pushedAt = now;
    repo.updatedAt = now;
    if (update.before === null && update.after !== null) {
      runtime.emit(
        repo,
        "create",
        {
          ref: name,
          ref_type: refType,
          master_branch: repo.defaultBranch,
          description: repo.description,
          pusher_type: "user",
        },
        senderLogin,
      );
    }
    if (update.after === null) {
      runtime.emit(repo, "delete", { ref: name, ref_type: refType, pusher_type: "user" }, senderLogin);
    }
    const commits = update.after === null ? [] : await commitsBetween(runtime, repo, update, update.after);
    const pushCommits = await Promise.all(commits.map((commit) => pushCommit(runtime, repo, commit)));
    const headCommitInfo = update.after === null ? null : await git.commit(update.after);
    const headCommit =
      headCommitInfo === null
        ? null
        : (pushCommits.find((commit) => commit.id === headCommitInfo.sha) ??
          (await pushCommit(runtime, repo, headCommitInfo)));
    const forced =
      update.before !== null && update.after !== null && !(await git.isAncestor(update.before, update.after));
    const before = update.before ?? ZERO_SHA;
    const after = update.after ?? ZERO_SHA;
    runtime.emit(
      repo,
      "push",
      {
        ref: update.ref,
        before,
        after,
        created: update.before === null,
        deleted: update.after === null,
        forced,
        base_ref: null,
        compare: `${repositoryHtmlUrl(runtime, repo)}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
        commits: pushCommits,
        head_commit: headCommit,
        // Push payloads carry the legacy repository form with `stargazers` and `master_branch`.
        repository: { ...buildRepository(runtime, repo), stargazers: 0, master_branch: repo.defaultBranch },
        pusher: {
          name: senderLogin,
          // A bot's noreply address ("…+app[bot]@…") is not an email address by the spec's format; the
          // spec allows null, which keeps every payload valid.
          email: senderLogin.endsWith("[bot]")
            ? null
            : `${runtime.account(senderLogin).id}+${senderLogin}@users.noreply.github.com`,
        },
      },
      senderLogin,
    );
    if (!isBranch || update.after === null) continue;
    const headSha = update.after;
    for (const issue of repo.issues.filter(isOpenPull)) {
      if (issue.pull.headRef !== name || issue.pull.headSha === headSha) continue;
      const previousHead = issue.pull.headSha;
      issue.pull.headSha = headSha;
      issue.updatedAt = runtime.now();
      const pullRequest = buildPullRequest(runtime, repo, issue, await runtime.pullFacts(repo, issue));
      runtime.emit(
        repo,
        "pull_request",
        {
          action: "synchronize",
          number: issue.number,
          before: previousHead,
          after: headSha,
          pull_request: pullRequest,
        },
        senderLogin,
      );
      startLocalCi(runtime, repo, { headSha, headBranch: name, before: previousHead, senderLogin });
    }
    // GitHub creates a check suite for every app on each push and asks the app to run its checks in it.
    for (const app of runtime.state.apps) {
      if (repo.checkSuites.some((suite) => suite.appId === app.id && suite.headSha === headSha)) continue;
      const suite: CheckSuiteRecord = {
        id: runtime.allocateId(),
        appId: app.id,
        headSha,
        headBranch: name,
        before: update.before,
        status: "queued",
        conclusion: null,
        createdAt: now,
        updatedAt: now,
      };
      repo.checkSuites.push(suite);
      await emitCheckSuiteEvent(runtime, repo, suite, "requested", senderLogin);
    }
    runtime.changed();
  }
}
