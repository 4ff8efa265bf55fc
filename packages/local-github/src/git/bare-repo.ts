import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { isValidRefName } from "./is-valid-ref-name.ts";
import { type ChangedFile, parseChangedFiles } from "./parse-changed-files.ts";
import {
  type GitSignature,
  type ParsedCommit,
  parseCommitObject,
  signatureDate,
} from "./parse-commit-object.ts";
import { type PushRelay, startPushRelay } from "./push-relay.ts";
import { readGitObjects } from "./read-git-objects.ts";
import { GitCommandError, type GitRunOptions, gitText, runGit } from "./run-git.ts";

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity & { date: string };
  committer: GitIdentity & { date: string };
}

export type MergeMethod = "merge" | "squash" | "rebase";

export type MergeResult = { ok: true; sha: string } | { ok: false; conflicts: string[] };

/** One ref change; `before: null` means the ref was created, `after: null` that it was deleted. */
export interface RefUpdate {
  ref: string;
  before: string | null;
  after: string | null;
  /** who pushed, when the push came over the emulator's authenticated git HTTP */
  pusher?: string;
}

/** A ref was not where the caller expected it: it already exists, or moved since it was read. */
export class RefConflictError extends Error {
  readonly ref: string | undefined;
  readonly actual: string | null | undefined;

  constructor(message: string, details: { ref?: string; actual?: string | null } = {}) {
    super(message);
    this.name = "RefConflictError";
    this.ref = details.ref;
    this.actual = details.actual;
  }
}

export interface DirectoryEntry {
  name: string;
  path: string;
  type: "file" | "dir" | "symlink" | "submodule";
  sha: string;
  size: number;
}

const DEFAULT_AUTHOR: GitIdentity = { name: "Foreman Emulator", email: "emulator@foreman.invalid" };
/** Identity and date of the throw-away commits used to cherry-pick without a work tree. */
const SCRATCH_SIGNATURE = {
  name: "foreman-scratch",
  email: "scratch@foreman.invalid",
  date: "1000000000 +0000",
};
/** How often a merge or commit is recomputed when its branch moves underneath it before giving up. */
const MAX_REF_RACE_RETRIES = 8;
/** Concurrent writers queue on git's ref lock files instead of failing at once (git's default is 100 ms). */
const REF_LOCK_CONFIG = ["-c", "core.filesRefLockTimeout=5000", "-c", "core.packedRefsTimeout=5000"];

function isRevision(text: string): boolean {
  // A leading dash would be read as an option, a colon or line break would change what git looks up.
  return text !== "" && !text.startsWith("-") && !/[:\s]/.test(text);
}

function requireRevision(text: string, what: string): void {
  if (!isRevision(text)) {
    throw new Error(`${what} "${text}" is not a commit sha or ref name (no leading "-", colons or spaces)`);
  }
}

function requireRefName(ref: string, operation: string): void {
  if (!isValidRefName(ref)) {
    throw new Error(
      `${operation}: "${ref}" is not a valid full ref name; use a name like refs/heads/my-branch (git check-ref-format rules)`,
    );
  }
}

/** Normalizes a repository path the way the contents API accepts it; null when it cannot name a file. */
function normalizeTreePath(path: string): string | null {
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.some((part) => part === ".." || /[\r\n\0]/.test(part))) return null;
  return parts.join("/");
}

function requireWritablePath(path: string): string {
  const normalized = normalizeTreePath(path);
  if (!normalized || normalized.split("/").some((part) => part.toLowerCase() === ".git")) {
    throw new Error(
      `commitFiles: "${path}" cannot be written; use a relative file path without "..", ".git" or line breaks`,
    );
  }
  return normalized;
}

function withTrailingNewline(message: string): string {
  return message.endsWith("\n") ? message : `${message}\n`;
}

function commitInfo(commit: ParsedCommit): CommitInfo {
  return {
    sha: commit.sha,
    tree: commit.tree,
    parents: commit.parents,
    message: commit.message,
    author: { name: commit.author.name, email: commit.author.email, date: signatureDate(commit.author) },
    committer: {
      name: commit.committer.name,
      email: commit.committer.email,
      date: signatureDate(commit.committer),
    },
  };
}

function entryType(mode: string): DirectoryEntry["type"] {
  if (mode === "040000") return "dir";
  if (mode === "120000") return "symlink";
  if (mode === "160000") return "submodule";
  return "file";
}

/** Who a new commit names; `date` in any form git accepts (raw `<seconds> <zone>` keeps a replayed date exact). */
type CommitPeople = { author: GitIdentity & { date?: string }; committer: GitIdentity & { date?: string } };

function rawDate(signature: GitSignature): string {
  return `${signature.timestamp} ${signature.timezone}`;
}

type TreeMerge = { ok: true; tree: string } | { ok: false; conflicts: string[] };

/**
 * A bare git repository on disk, driven through git plumbing so that nothing needs a work tree and every
 * branch update is a compare-and-swap (`git update-ref <ref> <new> <expected-old>`): concurrent writers
 * can lose a race, but never clobber each other. Pushes by path from other processes are reported to
 * `watchPushes` listeners through a post-receive hook.
 */
export class BareRepo {
  readonly dir: string;
  readonly #zeroSha: string;
  readonly #listeners = new Set<(updates: RefUpdate[]) => void>();
  #relay: PushRelay | undefined;
  #emptyTree: string | undefined;

  private constructor(dir: string, zeroSha: string) {
    this.dir = dir;
    this.#zeroSha = zeroSha;
  }

  /**
   * Creates a bare repository whose default branch holds `files` in a first commit. With no files the
   * repository is left empty (no commit, no branch), as GitHub does without `auto_init`.
   */
  static async create(options: {
    dir: string;
    defaultBranch?: string;
    files: Record<string, string>;
    message?: string;
    author?: GitIdentity;
  }): Promise<BareRepo> {
    const dir = resolvePath(options.dir);
    const defaultBranch = options.defaultBranch ?? "main";
    requireRefName(`refs/heads/${defaultBranch}`, "BareRepo.create");
    await mkdir(dir, { recursive: true });
    if ((await readdir(dir)).length > 0) {
      throw new Error(`BareRepo.create: ${dir} is not empty; use BareRepo.open for an existing repository`);
    }
    await runGit(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, "."], { cwd: dir });
    const repo = await BareRepo.open(dir);
    if (Object.keys(options.files).length > 0) {
      await repo.commitFiles({
        branch: defaultBranch,
        files: options.files,
        message: options.message ?? "Initial commit",
        author: options.author ?? DEFAULT_AUTHOR,
      });
    }
    return repo;
  }

  /** Opens an existing bare repository and starts relaying its pushes to `watchPushes` listeners. */
  static async open(dir: string): Promise<BareRepo> {
    const absolute = resolvePath(dir);
    const probe = await runGit(["rev-parse", "--is-bare-repository", "--git-dir", "--show-object-format"], {
      cwd: absolute,
      okExitCodes: [128],
    }).catch((error: unknown) => {
      throw new Error(
        `BareRepo.open: cannot use ${absolute}: ${error instanceof Error ? error.message : error}`,
      );
    });
    const [isBare, gitDir, objectFormat] = probe.stdout.toString("utf8").trim().split("\n");
    if (probe.exitCode !== 0 || isBare !== "true" || gitDir !== ".") {
      throw new Error(
        `BareRepo.open: ${absolute} is not a bare git repository; create one with BareRepo.create or \`git init --bare\``,
      );
    }
    const repo = new BareRepo(absolute, "0".repeat(objectFormat === "sha256" ? 64 : 40));
    await mkdir(join(absolute, "hooks"), { recursive: true });
    repo.#relay = await startPushRelay(absolute, (updates) => repo.#notify(updates));
    return repo;
  }

  /** All refs (not HEAD) whose full name starts with `prefix`, e.g. "refs/heads/". */
  async listRefs(prefix = "refs/"): Promise<Map<string, string>> {
    const output = await gitText(["for-each-ref", "--format=%(objectname) %(refname)"], this.#options());
    const refs = new Map<string, string>();
    for (const line of output.split("\n")) {
      const space = line.indexOf(" ");
      if (space < 0) continue;
      const ref = line.slice(space + 1);
      if (ref.startsWith(prefix)) refs.set(ref, line.slice(0, space));
    }
    return refs;
  }

  /** The commit a ref, branch name or (abbreviated) sha names; annotated tags are peeled. */
  async resolve(refOrSha: string): Promise<string | null> {
    if (!isRevision(refOrSha)) return null;
    const [found] = await readGitObjects(this.dir, [`${refOrSha}^{commit}`], { withContent: false });
    return found?.sha ?? null;
  }

  /**
   * Points `ref` at `sha`. With `expectedOld` the update is a compare-and-swap: `null` means the ref must
   * not exist yet (git's zero old-value), a sha means the ref must still be there. Throws
   * RefConflictError when that expectation fails; nothing changes then.
   */
  async setRef(ref: string, sha: string, expectedOld?: string | null): Promise<void> {
    requireRefName(ref, "setRef");
    const target = await this.#objectId(sha, "setRef");
    if (expectedOld !== undefined) {
      // Resolved before the update: an abbreviated or symbolic expectation must name the old value.
      const before = expectedOld === null ? null : await this.#fullSha(expectedOld);
      await this.#compareAndSwap(ref, target, before);
      this.#notify([{ ref, before, after: target }]);
      return;
    }
    // Unconditional, but still through compare-and-swap so listeners learn the exact previous value.
    for (let attempt = 0; attempt < MAX_REF_RACE_RETRIES; attempt++) {
      const before = await this.#readRef(ref);
      try {
        await this.#compareAndSwap(ref, target, before);
      } catch (error) {
        if (error instanceof RefConflictError) continue;
        throw error;
      }
      this.#notify([{ ref, before, after: target }]);
      return;
    }
    throw new RefConflictError(
      `setRef: ${ref} kept changing during ${MAX_REF_RACE_RETRIES} attempts; retry later`,
      { ref },
    );
  }

  /** Deletes `ref`; false when it did not exist. */
  async deleteRef(ref: string): Promise<boolean> {
    requireRefName(ref, "deleteRef");
    for (let attempt = 0; attempt < MAX_REF_RACE_RETRIES; attempt++) {
      const before = await this.#readRef(ref);
      if (before === null) return false;
      try {
        await this.#git([...REF_LOCK_CONFIG, "update-ref", "-d", ref, before]);
      } catch (error) {
        if ((await this.#readRef(ref)) !== before) continue;
        throw error;
      }
      this.#notify([{ ref, before, after: null }]);
      return true;
    }
    throw new RefConflictError(
      `deleteRef: ${ref} kept changing during ${MAX_REF_RACE_RETRIES} attempts; retry later`,
      { ref },
    );
  }

  async commit(sha: string): Promise<CommitInfo | null> {
    const parsed = await this.#parsedCommit(sha);
    return parsed ? commitInfo(parsed) : null;
  }

  /** A file's bytes at a commit; null when the path is missing or is not a file (a directory, a submodule). */
  async readFile(
    refOrSha: string,
    path: string,
  ): Promise<{ content: Buffer; sha: string; size: number } | null> {
    const normalized = normalizeTreePath(path);
    if (!isRevision(refOrSha) || !normalized) return null;
    const [found] = await readGitObjects(this.dir, [`${refOrSha}:${normalized}`], { withContent: true });
    if (found?.type !== "blob") return null;
    return { content: found.content, sha: found.sha, size: found.size };
  }

  /** A directory's entries at a commit ("" is the root); null when the path is missing or is a file. */
  async listDirectory(refOrSha: string, path: string): Promise<DirectoryEntry[] | null> {
    const normalized = normalizeTreePath(path);
    if (!isRevision(refOrSha) || normalized === null) return null;
    const [tree] = await readGitObjects(this.dir, [`${refOrSha}:${normalized}`], { withContent: false });
    if (tree?.type !== "tree") return null;
    const output = await runGit(["ls-tree", "-l", "-z", tree.sha], this.#options());
    const entries: DirectoryEntry[] = [];
    for (const record of output.stdout.toString("utf8").split("\0")) {
      const match = /^(\d{6}) \w+ ([0-9a-f]+) +(\S+)\t(.*)$/s.exec(record);
      if (!match) continue;
      const [, mode = "", sha = "", size = "-", name = ""] = match;
      entries.push({
        name,
        path: normalized === "" ? name : `${normalized}/${name}`,
        type: entryType(mode),
        sha,
        size: size === "-" ? 0 : Number(size),
      });
    }
    return entries;
  }

  /** Files changed on `head` since it forked from `base` (GitHub's `base...head` comparison). */
  async changedFiles(base: string, head: string): Promise<ChangedFile[]> {
    requireRevision(base, "changedFiles: base");
    requireRevision(head, "changedFiles: head");
    const output = await runGit(
      [
        "diff",
        "--raw",
        "--numstat",
        "-z",
        "-M",
        "--no-abbrev",
        "--no-ext-diff",
        "--no-textconv",
        `${base}...${head}`,
      ],
      this.#options(),
    );
    return parseChangedFiles(output.stdout);
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    requireRevision(a, "mergeBase: first commit");
    requireRevision(b, "mergeBase: second commit");
    const result = await runGit(["merge-base", a, b], this.#options({ okExitCodes: [1] }));
    return result.exitCode === 0 ? result.stdout.toString("utf8").trim() : null;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    requireRevision(ancestor, "isAncestor: ancestor");
    requireRevision(descendant, "isAncestor: descendant");
    const result = await runGit(
      ["merge-base", "--is-ancestor", ancestor, descendant],
      this.#options({ okExitCodes: [1] }),
    );
    return result.exitCode === 0;
  }

  /**
   * Whether `headSha` merges cleanly into `baseBranch`, changing nothing. Histories without a common
   * commit are reported unmergeable with no conflicting paths, as GitHub cannot merge them either.
   */
  async testMerge(baseBranch: string, headSha: string): Promise<{ mergeable: boolean; conflicts: string[] }> {
    const baseSha = await this.#branchTip(baseBranch, "testMerge");
    const head = await this.#commitSha(headSha, "testMerge");
    const merged = await this.#mergeTrees(baseSha, head);
    return merged.ok ? { mergeable: true, conflicts: [] } : { mergeable: false, conflicts: merged.conflicts };
  }

  /**
   * Merges `headSha` into `baseBranch` like GitHub's merge button: a two-parent merge commit, a squashed
   * single-parent commit, or head's commits replayed one by one on the base (new shas, original authors,
   * merge commits dropped). The branch moves by compare-and-swap; if it moved meanwhile, the merge is
   * recomputed on the new tip. On conflict nothing changes.
   */
  async merge(options: {
    baseBranch: string;
    headSha: string;
    method: MergeMethod;
    title: string;
    message?: string;
    committer: GitIdentity;
    /** Author of the merge or squash commit; defaults to the committer. Rebased commits keep their own. */
    author?: GitIdentity;
  }): Promise<MergeResult> {
    const ref = `refs/heads/${options.baseBranch}`;
    const head = await this.#commitSha(options.headSha, "merge");
    for (let attempt = 0; attempt < MAX_REF_RACE_RETRIES; attempt++) {
      const baseSha = await this.#branchTip(options.baseBranch, "merge");
      const result = await this.buildMerge({ ...options, baseSha, headSha: head });
      // Nothing to replay (head is already in the base): the branch stays where it is.
      if (!result.ok || result.sha === baseSha) return result;
      try {
        await this.#compareAndSwap(ref, result.sha, baseSha);
      } catch (error) {
        if (error instanceof RefConflictError) continue;
        throw error;
      }
      this.#notify([{ ref, before: baseSha, after: result.sha }]);
      return result;
    }
    throw new RefConflictError(
      `merge: ${ref} moved during each of ${MAX_REF_RACE_RETRIES} attempts to merge ${head}; retry later`,
      { ref },
    );
  }

  /**
   * The commit `merge` would put on a branch at `baseSha`, written but referenced by nothing: what a
   * merge queue tests before the base branch moves to it. On conflict nothing is written.
   */
  async buildMerge(options: {
    baseSha: string;
    headSha: string;
    method: MergeMethod;
    title: string;
    message?: string;
    committer: GitIdentity;
    author?: GitIdentity;
  }): Promise<MergeResult> {
    const base = await this.#commitSha(options.baseSha, "buildMerge");
    const head = await this.#commitSha(options.headSha, "buildMerge");
    return options.method === "rebase"
      ? this.#replayCommits(base, head, options.committer)
      : this.#mergeCommit(base, head, options);
  }

  /**
   * Commits `files` (null deletes) on `branch` without a work tree, creating the branch from the default
   * branch when it does not exist. Returns the new commit's sha.
   */
  async commitFiles(options: {
    branch: string;
    files: Record<string, string | Uint8Array | null>;
    message: string;
    author: GitIdentity;
    /** Defaults to the author. */
    committer?: GitIdentity;
  }): Promise<string> {
    const ref = `refs/heads/${options.branch}`;
    requireRefName(ref, "commitFiles");
    const changes = Object.entries(options.files).map(([path, content]) => ({
      path: requireWritablePath(path),
      content,
    }));
    const blobs = await this.#writeBlobs(
      changes.flatMap(({ content }) => (content === null ? [] : [content])),
    );
    for (let attempt = 0; attempt < MAX_REF_RACE_RETRIES; attempt++) {
      const current = await this.#readRef(ref);
      const parent = current ?? (await this.#defaultBranchTip());
      let blobIndex = 0;
      const entries = changes.map(({ path, content }) => ({
        path,
        blob: content === null ? null : (blobs[blobIndex++] ?? null),
      }));
      const tree = await this.#treeWithChanges(parent, entries);
      const sha = await this.#commitTree(tree, parent ? [parent] : [], options.message, {
        author: options.author,
        committer: options.committer ?? options.author,
      });
      try {
        await this.#compareAndSwap(ref, sha, current);
      } catch (error) {
        if (error instanceof RefConflictError) continue;
        throw error;
      }
      this.#notify([{ ref, before: current, after: sha }]);
      return sha;
    }
    throw new RefConflictError(
      `commitFiles: ${ref} kept moving during ${MAX_REF_RACE_RETRIES} attempts; retry later`,
      { ref },
    );
  }

  /** The branch HEAD points at (GitHub's default branch), e.g. "main". */
  async defaultBranch(): Promise<string> {
    const head = await gitText(["symbolic-ref", "HEAD"], this.#options());
    return head.replace(/^refs\/heads\//, "");
  }

  /** Makes `branch` the default branch (HEAD); it need not exist yet. */
  async setDefaultBranch(branch: string): Promise<void> {
    requireRefName(`refs/heads/${branch}`, "setDefaultBranch");
    await this.#git(["symbolic-ref", "HEAD", `refs/heads/${branch}`]);
  }

  /**
   * Calls `listener` after refs change: for pushes by path from any process (before `git push` returns)
   * and for this object's own setRef/deleteRef/merge/commitFiles. Returns the unsubscribe function.
   * A push made synchronously (execFileSync) by the process that owns this object blocks the loop that
   * would answer the hook: that push waits ~3 s, and its update arrives as soon as the loop runs again.
   */
  watchPushes(listener: (updates: RefUpdate[]) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Stops relaying pushes; the repository stays on disk and usable. */
  async close(): Promise<void> {
    const relay = this.#relay;
    this.#relay = undefined;
    await relay?.close();
  }

  #notify(updates: RefUpdate[]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(updates.map((update) => ({ ...update })));
      } catch (error) {
        // A listener's bug must not undo or fail a ref update that already happened; make it visible instead.
        process.emitWarning(
          `a watchPushes listener of ${this.dir} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          "ForemanBareRepoListenerError",
        );
      }
    }
  }

  #options(extra: Omit<GitRunOptions, "cwd"> = {}): GitRunOptions {
    return { cwd: this.dir, ...extra };
  }

  #git(args: string[], extra: Omit<GitRunOptions, "cwd"> = {}) {
    return runGit(args, this.#options(extra));
  }

  async #readRef(ref: string): Promise<string | null> {
    const result = await this.#git(["rev-parse", "--quiet", "--verify", ref], { okExitCodes: [1] });
    return result.exitCode === 0 ? result.stdout.toString("utf8").trim() : null;
  }

  async #fullSha(sha: string): Promise<string> {
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : ((await this.#objectIdOrNull(sha)) ?? sha);
  }

  async #objectIdOrNull(revision: string): Promise<string | null> {
    if (!isRevision(revision)) return null;
    const [found] = await readGitObjects(this.dir, [revision], { withContent: false });
    return found?.sha ?? null;
  }

  async #objectId(revision: string, operation: string): Promise<string> {
    const found = await this.#objectIdOrNull(revision);
    if (!found)
      throw new Error(`${operation}: object "${revision}" does not exist in ${this.dir}; push it first`);
    return found;
  }

  async #commitSha(revision: string, operation: string): Promise<string> {
    const found = await this.resolve(revision);
    if (!found) throw new Error(`${operation}: "${revision}" is not a commit in ${this.dir}; push it first`);
    return found;
  }

  async #branchTip(branch: string, operation: string): Promise<string> {
    const ref = `refs/heads/${branch}`;
    requireRefName(ref, operation);
    const tip = await this.#readRef(ref);
    if (!tip) throw new Error(`${operation}: branch "${branch}" does not exist in ${this.dir}`);
    return tip;
  }

  async #defaultBranchTip(): Promise<string | null> {
    return this.#readRef(`refs/heads/${await this.defaultBranch()}`);
  }

  /** `git update-ref ref new old`, where git itself checks `old` under the ref's lock. */
  async #compareAndSwap(ref: string, target: string, expectedOld: string | null): Promise<void> {
    try {
      await this.#git([...REF_LOCK_CONFIG, "update-ref", ref, target, expectedOld ?? this.#zeroSha]);
    } catch (error) {
      const actual = await this.#readRef(ref);
      const expected = expectedOld === null ? null : await this.#fullSha(expectedOld);
      if (actual === expected) throw error;
      const problem =
        expected === null
          ? `${ref} already exists (at ${actual}); choose another name, or pass its sha to update it`
          : actual === null
            ? `${ref} was expected at ${expected} but does not exist`
            : `${ref} is at ${actual}, not at the expected ${expected}; read it again and retry`;
      throw new RefConflictError(problem, { ref, actual });
    }
  }

  async #parsedCommit(revision: string): Promise<ParsedCommit | null> {
    if (!isRevision(revision)) return null;
    const [found] = await readGitObjects(this.dir, [`${revision}^{commit}`], { withContent: true });
    return found ? parseCommitObject(found.sha, found.content) : null;
  }

  async #mergeTrees(ours: string, theirs: string): Promise<TreeMerge> {
    const result = await this.#git(
      ["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", ours, theirs],
      { okExitCodes: [1, 128] },
    );
    if (result.exitCode === 128) {
      if (result.stderr.includes("unrelated histories")) return { ok: false, conflicts: [] };
      throw new GitCommandError(["merge-tree", ours, theirs], this.dir, result.exitCode, result.stderr);
    }
    const [tree = "", ...conflicted] = result.stdout.toString("utf8").split("\0");
    if (result.exitCode === 0) return { ok: true, tree };
    return { ok: false, conflicts: [...new Set(conflicted.filter((path) => path !== ""))] };
  }

  async #mergeCommit(
    baseSha: string,
    head: string,
    options: {
      method: MergeMethod;
      title: string;
      message?: string;
      committer: GitIdentity;
      author?: GitIdentity;
    },
  ): Promise<MergeResult> {
    const merged = await this.#mergeTrees(baseSha, head);
    if (!merged.ok) return merged;
    const body =
      options.message ?? (options.method === "squash" ? await this.#squashBody(baseSha, head) : "");
    const message = body === "" ? options.title : `${options.title}\n\n${body}`;
    const parents = options.method === "merge" ? [baseSha, head] : [baseSha];
    const sha = await this.#commitTree(merged.tree, parents, message, {
      author: options.author ?? options.committer,
      committer: options.committer,
    });
    return { ok: true, sha };
  }

  /** GitHub's default squash message body: one bullet per squashed commit subject. */
  async #squashBody(baseSha: string, head: string): Promise<string> {
    return gitText(["log", "--reverse", "--format=* %s", `${baseSha}..${head}`], this.#options());
  }

  /**
   * Replays head's non-merge commits since the merge base onto `onto`, like `git rebase` but without a
   * work tree: each commit C is cherry-picked with a three-way merge whose base is C's parent. git 2.39's
   * merge-tree has no `--merge-base`, so that base is supplied as the common parent of two scratch
   * commits (never referenced, collected by gc). A commit whose change is already present is dropped.
   */
  async #replayCommits(onto: string, head: string, committer: GitIdentity): Promise<MergeResult> {
    if ((await this.mergeBase(onto, head)) === null) return { ok: false, conflicts: [] };
    const listing = await gitText(
      ["rev-list", "--reverse", "--topo-order", "--no-merges", `${onto}..${head}`],
      this.#options(),
    );
    const commitShas = listing === "" ? [] : listing.split("\n");
    const commitObjects = await readGitObjects(this.dir, commitShas, { withContent: true });
    const commits = commitObjects.map((found, position) => {
      if (!found) {
        throw new Error(`merge: commit ${commitShas[position]} vanished from ${this.dir} while rebasing`);
      }
      return parseCommitObject(found.sha, found.content);
    });
    const parentTrees = await readGitObjects(
      this.dir,
      commits.map((commit) => (commit.parents[0] ? `${commit.parents[0]}^{tree}` : "")),
      { withContent: false },
    );
    let current = onto;
    let currentTree = await this.#objectId(`${onto}^{tree}`, "merge");
    for (const [position, commit] of commits.entries()) {
      const parentTree = parentTrees[position]?.sha ?? (await this.#emptyTreeSha());
      let tree = commit.tree;
      if (parentTree !== currentTree) {
        const picked = await this.#cherryPickTree(parentTree, currentTree, commit.tree);
        if (!picked.ok) return picked;
        tree = picked.tree;
      }
      if (tree === currentTree) continue;
      const author = { name: commit.author.name, email: commit.author.email, date: rawDate(commit.author) };
      current = await this.#commitTree(tree, [current], commit.message, { author, committer });
      currentTree = tree;
    }
    return { ok: true, sha: current };
  }

  async #cherryPickTree(baseTree: string, oursTree: string, theirsTree: string): Promise<TreeMerge> {
    const scratch = { author: SCRATCH_SIGNATURE, committer: SCRATCH_SIGNATURE };
    const base = await this.#commitTree(baseTree, [], "scratch: cherry-pick base", scratch);
    const ours = await this.#commitTree(oursTree, [base], "scratch: ours", scratch);
    const theirs = await this.#commitTree(theirsTree, [base], "scratch: theirs", scratch);
    return this.#mergeTrees(ours, theirs);
  }

  async #emptyTreeSha(): Promise<string> {
    this.#emptyTree ??= await gitText(["mktree"], this.#options({ input: "" }));
    return this.#emptyTree;
  }

  async #commitTree(tree: string, parents: string[], message: string, people: CommitPeople): Promise<string> {
    const { author, committer } = people;
    const env: Record<string, string> = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      ...(author.date ? { GIT_AUTHOR_DATE: author.date } : {}),
      ...(committer.date ? { GIT_COMMITTER_DATE: committer.date } : {}),
    };
    const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent]), "-F", "-"];
    return gitText(args, this.#options({ env, input: withTrailingNewline(message) }));
  }

  /** Writes blobs in one git process; returns their shas in order. */
  async #writeBlobs(contents: Array<string | Uint8Array>): Promise<string[]> {
    if (contents.length === 0) return [];
    const scratch = await mkdtemp(join(tmpdir(), "foreman-blobs-"));
    try {
      const paths = await Promise.all(
        contents.map(async (content, position) => {
          const path = join(scratch, String(position));
          await writeFile(path, content);
          return path;
        }),
      );
      // --no-filters: the bytes are stored as given, whatever .gitattributes say.
      const output = await gitText(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
        cwd: this.dir,
        input: `${paths.join("\n")}\n`,
      });
      return output.split("\n");
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** The tree of `parent` (or an empty tree) with paths replaced or removed, built in a scratch index. */
  async #treeWithChanges(
    parent: string | null,
    entries: Array<{ path: string; blob: string | null }>,
  ): Promise<string> {
    const indexFile = join(tmpdir(), `foreman-index-${randomUUID()}`);
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      if (parent) await this.#git(["read-tree", parent], { env });
      const records = entries.map(({ path, blob }) =>
        blob === null ? `0 ${this.#zeroSha}\t${path}\0` : `100644 ${blob}\t${path}\0`,
      );
      if (records.length > 0) {
        await this.#git(["update-index", "-z", "--index-info"], { env, input: records.join("") });
      }
      return await gitText(["write-tree"], this.#options({ env }));
    } finally {
      await rm(indexFile, { force: true });
      await rm(`${indexFile}.lock`, { force: true });
    }
  }
}
