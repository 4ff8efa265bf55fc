import type { Git } from "./run-git.ts";

/** The whole working tree as a git tree object (untracked files included, ignored ones not). */
export async function snapshotTree(git: Git): Promise<string> {
  await git(["add", "-A"]);
  return (await git(["write-tree"])).stdout.trim();
}
