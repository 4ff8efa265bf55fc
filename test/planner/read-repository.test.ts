import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BareRepo, type Emulator, startEmulator } from "@foreman/local-github";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOctokitForge } from "../../src/github/create-octokit-forge.ts";
import { readForgeRepository } from "../../src/planner/read-forge-repository.ts";
import { readLocalRepository } from "../../src/planner/read-local-repository.ts";

const FILES: Record<string, string> = {
  "README.md": "# Bot\nTrades.\n",
  "AGENTS.md": "Run npm test before committing.\n",
  "package.json": '{"name":"bot"}\n',
  "src/orders/place-order.ts": "export {};\n",
  "packages/api/package.json": '{"name":"api"}\n',
  "node_modules/left-pad/package.json": '{"name":"left-pad"}\n',
};

describe("the repository context the planner reads", () => {
  let emulator: Emulator;
  let local: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    const seeded = await emulator.seedRepository("acme/bot");
    const git = await BareRepo.open(seeded.gitDir);
    await git.commitFiles({
      branch: "main",
      files: FILES,
      message: "Files",
      author: { name: "a", email: "a@example.test" },
    });
    await git.close();
    local = await mkdtemp(join(tmpdir(), "foreman-context-"));
    for (const [path, text] of Object.entries(FILES)) {
      await mkdir(join(local, path, ".."), { recursive: true });
      await writeFile(join(local, path), text);
    }
  });
  afterAll(async () => {
    await emulator.close();
    await rm(local, { recursive: true, force: true });
  });

  it("from GitHub: the tree without dependencies, then agent instructions, README and manifests", async () => {
    const octokit = new Octokit({ auth: emulator.token, baseUrl: emulator.url });
    const forge = createOctokitForge({
      request: (route, parameters) => octokit.request(route, parameters),
      owner: "acme",
      repo: "bot",
      selfLogin: "foreman[bot]",
    });
    const files = await readForgeRepository(forge);
    expect(files.paths).toContain("src/orders/place-order.ts");
    expect(files.paths).toContain("packages/api/package.json");
    expect(files.paths.some((path) => path.startsWith("node_modules/"))).toBe(false);
    expect(files.partial).toBe(false);
    expect(files.documents.map((document) => document.path)).toEqual([
      "AGENTS.md",
      "README.md",
      "package.json",
      "packages/api/package.json",
    ]);
    expect(files.documents[0]?.text).toBe("Run npm test before committing.\n");
    expect(await forge.readTextFile("no/such/file.md")).toBeNull();
    expect(await forge.listDirectory("no-such-directory")).toBeNull();
  });

  it("from a directory on disk: the same picture", async () => {
    const files = await readLocalRepository(local);
    expect(files.paths.some((path) => path.startsWith("node_modules/"))).toBe(false);
    expect(files.documents.map((document) => document.path)).toEqual([
      "AGENTS.md",
      "README.md",
      "package.json",
      "packages/api/package.json",
    ]);
  });
});
