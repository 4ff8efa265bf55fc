import type { Git } from "./run-git.ts";
import { transferWithRetries } from "./transfer-with-retries.ts";

/**
 * Checks out `foreman/<plan>/<task>`: the pushed branch when an earlier attempt left one (its commits
 * are kept, so a retry builds on them), else a new branch from the base. Returns the base's
 * remote-tracking ref and whether the branch existed.
 */
export async function prepareTaskBranch(
  git: Git,
  branch: string,
  baseBranch: string,
  log: (line: string) => void,
): Promise<{ baseRef: string; existed: boolean }> {
  const baseRef = `refs/remotes/origin/${baseBranch}`;
  await transferWithRetries(
    git,
    ["fetch", "--no-tags", "--quiet", "origin", `+refs/heads/${baseBranch}:${baseRef}`],
    {
      log,
    },
  );
  const fetched = await transferWithRetries(
    git,
    ["fetch", "--no-tags", "--quiet", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
    { log, allowFailure: true },
  );
  const existed = fetched.ok;
  await git(["checkout", "--quiet", "-B", branch, existed ? `refs/remotes/origin/${branch}` : baseRef]);
  return { baseRef, existed };
}
