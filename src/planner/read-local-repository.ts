import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { RepositoryFiles } from "../core/planner/build-repository-context.ts";
import { pickContextFiles } from "../core/planner/pick-context-files.ts";
import { SKIPPED_DIRECTORIES } from "../core/planner/skipped-directories.ts";

const MAX_PATHS = 5000;
const MAX_FILE_BYTES = 256 * 1024;

/** The repository context of a directory on disk (`foreman draft --repo DIR`), breadth first. */
export async function readLocalRepository(root: string): Promise<RepositoryFiles> {
  const paths: string[] = [];
  let partial = false;
  const queue = [root];
  for (let directory = queue.shift(); directory !== undefined; directory = queue.shift()) {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) queue.push(full);
      } else if (entry.isFile()) {
        if (paths.length >= MAX_PATHS) {
          partial = true;
          break;
        }
        paths.push(relative(root, full).split(sep).join("/"));
      }
    }
    if (partial) break;
  }
  const documents = [];
  for (const path of pickContextFiles(paths)) {
    const full = join(root, path);
    if ((await stat(full)).size > MAX_FILE_BYTES) continue;
    documents.push({ path, text: await readFile(full, "utf8") });
  }
  return { paths, partial, documents };
}
