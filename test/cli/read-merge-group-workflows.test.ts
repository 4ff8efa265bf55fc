import { BareRepo, startEmulator } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectGitHub } from "../../src/cli/connect-github.ts";
import { readMergeGroupWorkflows } from "../../src/cli/read-merge-group-workflows.ts";

describe("readMergeGroupWorkflows on the local GitHub", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator();
    const { gitDir } = await emulator.seedRepository("acme/queued");
    const git = await BareRepo.open(gitDir);
    await git.commitFiles({
      branch: "main",
      files: {
        ".github/workflows/ci.yml": "on:\n  pull_request:\n  merge_group:\njobs: {}\n",
        ".github/workflows/lint.yaml": "on: [push, merge_group]\njobs: {}\n",
        ".github/workflows/nightly.yml": "on: schedule\njobs: {}\n",
        ".github/workflows/broken.yml": "on: [merge_group\n",
        ".github/workflows/notes.txt": "merge_group\n",
      },
      message: "CI for the queue",
      author: { name: "Dev", email: "dev@example.test" },
    });
    await git.close();
    await emulator.seedRepository("acme/bare");
  });
  afterAll(async () => emulator.close());

  it("names each workflow whose on: lists merge_group, in a map or a list, and skips what does not parse", async () => {
    const connection = connectGitHub({ token: emulator.token, apiUrl: emulator.url });
    expect(await readMergeGroupWorkflows(connection, { owner: "acme", repo: "queued" }, "main")).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/lint.yaml",
    ]);
    expect(await readMergeGroupWorkflows(connection, { owner: "acme", repo: "bare" }, "main")).toEqual([]);
    expect(emulator.violations()).toEqual([]);
  });
});
