import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BareRepo, RefConflictError, type RefUpdate } from "../../src/git/bare-repo.ts";
import { ALICE, gitIn, tempRepos } from "./temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

describe("BareRepo.create and open", () => {
  it("creates a bare repository whose default branch holds the files in one commit", async () => {
    const repo = await temp.create({ "README.md": "# hello\n", "src/a.js": "export const a = 1;\n" });
    const refs = await repo.listRefs();
    expect([...refs.keys()]).toEqual(["refs/heads/main"]);
    const sha = refs.get("refs/heads/main") ?? "";
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await repo.resolve("main")).toBe(sha);
    expect(await repo.defaultBranch()).toBe("main");
    expect(await gitIn(repo.dir, "rev-parse", "--is-bare-repository")).toBe("true");

    const commit = await repo.commit(sha);
    expect(commit).toMatchObject({ sha, parents: [], message: "Initial commit\n" });
    expect(commit?.author).toMatchObject(ALICE);
    expect(commit?.author.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(commit?.tree).toBe(await gitIn(repo.dir, "rev-parse", `${sha}^{tree}`));
  });

  it("honours another default branch, and leaves a repository without files empty", async () => {
    const trunk = await temp.create({ "a.txt": "a\n" }, { defaultBranch: "trunk" });
    expect([...(await trunk.listRefs()).keys()]).toEqual(["refs/heads/trunk"]);
    expect(await trunk.defaultBranch()).toBe("trunk");
    const empty = await temp.create({});
    expect((await empty.listRefs()).size).toBe(0);
    expect(await empty.resolve("main")).toBeNull();
  });

  it("refuses to create over a non-empty directory and to open something that is not a bare repository", async () => {
    const dir = await temp.dir();
    await writeFile(join(dir, "file.txt"), "x");
    await expect(BareRepo.create({ dir, files: {} })).rejects.toThrow(/is not empty; use BareRepo.open/);
    const plain = join(dir, "plain");
    await mkdir(plain);
    await expect(BareRepo.open(plain)).rejects.toThrow(/is not a bare git repository/);
    const worktree = join(dir, "worktree");
    await mkdir(worktree);
    await gitIn(worktree, "init", "--quiet");
    await expect(BareRepo.open(worktree)).rejects.toThrow(/is not a bare git repository/);
    await expect(BareRepo.open(join(dir, "missing"))).rejects.toThrow(/does .*missing exist/);
  });

  it("reopens an existing repository with its refs", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const reopened = await BareRepo.open(repo.dir);
    try {
      expect(await reopened.listRefs()).toEqual(await repo.listRefs());
    } finally {
      await reopened.close();
    }
  });
});

describe("BareRepo refs", () => {
  it("resolves branch names, full refs and abbreviated shas, and answers null for anything else", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const sha = (await repo.resolve("refs/heads/main")) ?? "";
    expect(await repo.resolve(sha.slice(0, 10))).toBe(sha);
    expect(await repo.resolve(sha)).toBe(sha);
    expect(await repo.resolve("no-such-branch")).toBeNull();
    expect(await repo.resolve("0".repeat(40))).toBeNull();
    expect(await repo.resolve("--all")).toBeNull();
    expect(await repo.resolve("main:a.txt")).toBeNull();
  });

  it("creates a ref only when it does not exist yet (expectedOld null)", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const main = (await repo.resolve("main")) ?? "";
    const other = await repo.commitFiles({
      branch: "other",
      files: { "b.txt": "b\n" },
      message: "b",
      author: ALICE,
    });
    await repo.setRef("refs/heads/claim", main, null);
    expect(await repo.resolve("refs/heads/claim")).toBe(main);

    const attempt = repo.setRef("refs/heads/claim", other, null);
    await expect(attempt).rejects.toBeInstanceOf(RefConflictError);
    await expect(attempt).rejects.toThrow(/refs\/heads\/claim already exists/);
    expect(await repo.resolve("refs/heads/claim")).toBe(main);
  });

  it("lets exactly one of ten concurrent creations of the same ref win", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const candidates: string[] = [];
    for (let index = 0; index < 10; index++) {
      candidates.push(
        await repo.commitFiles({
          branch: "seed",
          files: { "n.txt": `${index}\n` },
          message: `n=${index}`,
          author: ALICE,
        }),
      );
    }
    const outcomes = await Promise.allSettled(
      candidates.map((sha) => repo.setRef("refs/heads/race", sha, null)),
    );
    const winners = outcomes.flatMap((outcome, index) =>
      outcome.status === "fulfilled" ? [candidates[index]] : [],
    );
    expect(winners).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(RefConflictError);
    }
    expect(await repo.resolve("refs/heads/race")).toBe(winners[0]);
  });

  it("moves a ref only from the expected old value, and unconditionally without one", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const first = (await repo.resolve("main")) ?? "";
    const second = await repo.commitFiles({
      branch: "main",
      files: { "a.txt": "b\n" },
      message: "b",
      author: ALICE,
    });
    await repo.setRef("refs/heads/topic", first, null);

    await expect(repo.setRef("refs/heads/topic", second, second)).rejects.toThrow(
      /is at [0-9a-f]{40}, not at the expected/,
    );
    expect(await repo.resolve("refs/heads/topic")).toBe(first);
    await expect(repo.setRef("refs/heads/missing", second, first)).rejects.toBeInstanceOf(RefConflictError);
    expect(await repo.resolve("refs/heads/missing")).toBeNull();

    await repo.setRef("refs/heads/topic", second, first);
    expect(await repo.resolve("refs/heads/topic")).toBe(second);
    await repo.setRef("refs/heads/topic", first);
    expect(await repo.resolve("refs/heads/topic")).toBe(first);
  });

  it("rejects invalid ref names and unknown objects with an explanation", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const main = (await repo.resolve("main")) ?? "";
    for (const bad of [
      "main",
      "refs/heads/a..b",
      "refs/heads/x.lock",
      "refs/heads/sp ace",
      "refs/heads/-/x:y",
    ]) {
      await expect(repo.setRef(bad, main)).rejects.toThrow(/not a valid full ref name/);
    }
    await expect(repo.setRef("refs/heads/x", "1".repeat(40))).rejects.toThrow(
      /does not exist in .*push it first/,
    );
  });

  it("deletes refs and says whether there was one", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const main = (await repo.resolve("main")) ?? "";
    await repo.setRef("refs/heads/gone", main, null);
    expect(await repo.deleteRef("refs/heads/gone")).toBe(true);
    expect(await repo.resolve("refs/heads/gone")).toBeNull();
    expect(await repo.deleteRef("refs/heads/gone")).toBe(false);
  });

  it("lists refs under a prefix, tags included", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const main = (await repo.resolve("main")) ?? "";
    await repo.setRef("refs/heads/feature/x", main, null);
    await repo.setRef("refs/tags/v1", main, null);
    await repo.setRef("refs/pull/1/head", main, null);
    expect([...(await repo.listRefs("refs/heads/")).keys()].sort()).toEqual([
      "refs/heads/feature/x",
      "refs/heads/main",
    ]);
    expect([...(await repo.listRefs("refs/tags/")).entries()]).toEqual([["refs/tags/v1", main]]);
    expect((await repo.listRefs()).size).toBe(4);
    expect((await repo.listRefs("refs/heads/feat")).has("refs/heads/feature/x")).toBe(true);
  });

  it("tells listeners about its own ref changes exactly once, with the values before and after", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const main = (await repo.resolve("main")) ?? "";
    const heard: RefUpdate[][] = [];
    const stop = repo.watchPushes((updates) => heard.push(updates));
    await repo.setRef("refs/heads/x", main, null);
    const next = await repo.commitFiles({
      branch: "x",
      files: { "b.txt": "b\n" },
      message: "b",
      author: ALICE,
    });
    await repo.deleteRef("refs/heads/x");
    await expect(repo.setRef("refs/heads/main", main, null)).rejects.toBeInstanceOf(RefConflictError);
    stop();
    await repo.setRef("refs/heads/y", main, null);
    expect(heard).toEqual([
      [{ ref: "refs/heads/x", before: null, after: main }],
      [{ ref: "refs/heads/x", before: main, after: next }],
      [{ ref: "refs/heads/x", before: next, after: null }],
    ]);
  });

  it("returns commit details for any commit and null for what is not one", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const first = (await repo.resolve("main")) ?? "";
    const second = await repo.commitFiles({
      branch: "main",
      files: { "a.txt": "b\n" },
      message: "Change a\n\nWith a body.",
      author: { name: "Bob", email: "bob@example.com" },
      committer: ALICE,
    });
    const commit = await repo.commit(second);
    expect(commit).toMatchObject({
      sha: second,
      parents: [first],
      message: "Change a\n\nWith a body.\n",
      author: { name: "Bob", email: "bob@example.com" },
      committer: ALICE,
    });
    expect(await repo.commit("f".repeat(40))).toBeNull();
    const tree = commit?.tree ?? "";
    expect(await repo.commit(tree)).toBeNull();
  });
});
