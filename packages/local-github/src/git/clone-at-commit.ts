import type { BareRepo } from "./bare-repo.ts";
import { isValidRefName } from "./is-valid-ref-name.ts";
import { runGit } from "./run-git.ts";

/**
 * Clones `repo` into the new directory `dir` and checks out `sha`: on a local branch named after
 * `branch` (like actions/checkout does for a branch ref), or detached. A clone by path copies or
 * hard-links the whole object store, so any commit of the repository can be checked out, even one no
 * branch points at. `origin` stays the repository's path, so `git push origin` reaches it (and its
 * push hook).
 */
export async function cloneAtCommit(options: {
  repo: BareRepo;
  sha: string;
  dir: string;
  branch?: string;
}): Promise<void> {
  const { repo, sha, dir, branch } = options;
  if (!/^[0-9a-f]{4,64}$/.test(sha)) {
    throw new Error(`cloneAtCommit: "${sha}" is not a commit sha; resolve refs with BareRepo.resolve first`);
  }
  if (branch !== undefined && !isValidRefName(`refs/heads/${branch}`)) {
    throw new Error(`cloneAtCommit: "${branch}" is not a valid branch name`);
  }
  const commit = await repo.resolve(sha);
  if (!commit) throw new Error(`cloneAtCommit: commit ${sha} does not exist in ${repo.dir}; push it first`);
  await runGit(["clone", "--quiet", "--no-checkout", "--", repo.dir, dir], { cwd: repo.dir });
  const checkout = branch === undefined ? ["--detach", commit] : ["-B", branch, commit];
  await runGit(["checkout", "--quiet", ...checkout], { cwd: dir });
}
