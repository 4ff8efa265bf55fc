import type { RepositoryFiles } from "../core/planner/build-repository-context.ts";
import { pickContextFiles } from "../core/planner/pick-context-files.ts";
import { SKIPPED_DIRECTORIES } from "../core/planner/skipped-directories.ts";
import type { Forge } from "../github/forge.ts";

/** Directory listings per draft: the top levels of any repository, a bounded number of requests. */
const MAX_DIRECTORIES = 30;

/**
 * The repository context from GitHub's default branch: the file tree breadth first (the top levels,
 * within a bounded number of listings), then the picked files' texts.
 */
export async function readForgeRepository(forge: Forge): Promise<RepositoryFiles> {
  const paths: string[] = [];
  const queue = [""];
  let listed = 0;
  for (let directory = queue.shift(); directory !== undefined; directory = queue.shift()) {
    if (listed >= MAX_DIRECTORIES) break;
    listed++;
    const entries = (await forge.listDirectory(directory)) ?? [];
    for (const entry of [...entries].sort((a, b) => a.path.localeCompare(b.path))) {
      const name = entry.path.split("/").at(-1) ?? entry.path;
      if (entry.type === "dir") {
        if (!SKIPPED_DIRECTORIES.has(name)) queue.push(entry.path);
      } else paths.push(entry.path);
    }
  }
  const documents = [];
  for (const path of pickContextFiles(paths)) {
    const text = await forge.readTextFile(path);
    if (text !== null) documents.push({ path, text });
  }
  return { paths, partial: queue.length > 0, documents };
}
