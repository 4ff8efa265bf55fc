import type { Git } from "./run-git.ts";

/**
 * Pushes the task branch. The git wrapper authenticates with the App installation token: pushes made
 * with the job's GITHUB_TOKEN would start no CI.
 */
export async function pushTaskBranch(git: Git, branch: string): Promise<void> {
  await git(["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
}
