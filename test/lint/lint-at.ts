import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(import.meta.dirname, "../..");
const biome = join(root, "node_modules/.bin/biome");

/** Lints one file placed at `path` in a scratch copy of the project's Biome configuration. */
export async function lintAt(path: string, source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "foreman-lint-"));
  await cp(join(root, "biome.json"), join(dir, "biome.json"));
  await writeFile(join(dir, ".gitignore"), "node_modules/\n");
  await mkdir(join(dir, path, ".."), { recursive: true });
  await writeFile(join(dir, path), source);
  const result = await promisify(execFile)(biome, ["lint", "--config-path", join(dir, "biome.json"), path], {
    cwd: dir,
  }).catch((error: { stdout: string; stderr: string }) => error);
  return `${result.stdout}${result.stderr}`;
}
