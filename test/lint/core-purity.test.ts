import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const biome = join(root, "node_modules/.bin/biome");

/** Lints one file placed at `path` in a scratch copy of the project's Biome configuration. */
async function lintAt(path: string, source: string): Promise<string> {
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

const impure = [
  'import { readFileSync } from "node:fs";',
  'import { Octokit } from "@octokit/rest";',
  "export const load = () => [readFileSync, Octokit, Date.now(), process.env.HOME];",
].join("\n");

describe("src/core purity rule", () => {
  it("rejects I/O, GitHub clients, the clock and the environment in src/core", async () => {
    const output = await lintAt("src/core/impure.ts", impure);
    expect(output).toContain(
      "src/core is pure (DESIGN.md): take data as arguments instead of reading files.",
    );
    expect(output).toContain("src/core is pure (DESIGN.md): GitHub and runner APIs stay outside src/core.");
    expect(output).toContain("Do not use the global variable Date.");
    expect(output).toContain("Do not use the global variable process.");
  });

  it("allows the same code outside src/core", async () => {
    const output = await lintAt("src/app/impure.ts", impure);
    expect(output).not.toContain("noRestricted");
  });
});
