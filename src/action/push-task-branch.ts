import type { Git } from "./run-git.ts";
import { transferWithRetries } from "./transfer-with-retries.ts";

/**
 * Pushes the task branch. The git wrapper authenticates with the App installation token: pushes made
 * with the job's GITHUB_TOKEN would start no CI. A push that met a server error is sent again; one
 * that failed otherwise may still have landed — its answer lost, git's HTTP client re-sends it on a
 * fresh connection and that copy is refused because the branch now exists — so the branch is looked
 * at before the failure counts.
 */
export async function pushTaskBranch(git: Git, branch: string, log: (line: string) => void): Promise<void> {
  const head = (await git(["rev-parse", "HEAD"])).stdout.trim();
  try {
    await transferWithRetries(git, ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`], { log });
  } catch (error) {
    const remote = await transferWithRetries(git, ["ls-remote", "origin", `refs/heads/${branch}`], {
      log,
      allowFailure: true,
    });
    if (remote.ok && remote.stdout.split(/\s/)[0] === head) {
      log(`The push's answer was lost, but ${branch} is at ${head.slice(0, 7)}: it landed`);
      return;
    }
    throw error;
  }
}
