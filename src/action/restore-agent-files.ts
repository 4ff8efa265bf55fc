import { rm } from "node:fs/promises";
import { join } from "node:path";
import { AGENT_FILES } from "./agent-files.ts";
import type { Git } from "./run-git.ts";

/**
 * Puts `.claude/`, `CLAUDE.md`, `AGENTS.md` and `.mcp.json` back as the base branch has them (or
 * removes them when the base has none), in the working tree and the index. Returns the paths that
 * differed, so the report can say what was reverted.
 */
export async function restoreAgentFiles(git: Git, workspace: string, baseRef: string): Promise<string[]> {
  await git(["add", "-A"]);
  const differing = (await git(["diff", "--cached", "--name-only", baseRef, "--", ...AGENT_FILES])).stdout
    .split("\n")
    .filter((line) => line !== "");
  if (differing.length === 0) return [];
  for (const path of AGENT_FILES) {
    await git(["rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", path]);
    await rm(join(workspace, path), { recursive: true, force: true });
    const inBase = await git(["cat-file", "-e", `${baseRef}:${path}`], { allowFailure: true });
    if (inBase.ok) await git(["checkout", baseRef, "--", path]);
  }
  return differing;
}
