import type { Git } from "./run-git.ts";
import { transferWithRetries } from "./transfer-with-retries.ts";

/**
 * Pushes the task branch. The git wrapper authenticates with the App installation token: pushes made
 * with the job's GITHUB_TOKEN would start no CI. A push that met a server error is sent again.
 */
export async function pushTaskBranch(git: Git, branch: string, log: (line: string) => void): Promise<void> {
  await transferWithRetries(git, ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`], { log });
}
