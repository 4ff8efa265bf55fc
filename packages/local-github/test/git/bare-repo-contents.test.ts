import { afterEach, describe, expect, it } from "vitest";
import { runGit } from "../../src/git/run-git.ts";
import { ALICE, gitIn, tempRepos } from "./temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

const FILES = {
  "README.md": "# demo\n",
  "src/index.js": "export {};\n",
  "src/lib/util.js": "export const util = 1;\n",
};

describe("BareRepo.readFile and listDirectory", () => {
  it("reads a file's bytes with git's blob sha and size", async () => {
    const repo = await temp.create({ ...FILES, "unicode.txt": "héllo ✓\n" });
    const readme = await repo.readFile("main", "README.md");
    expect(readme?.content.toString("utf8")).toBe("# demo\n");
    expect(readme?.size).toBe(7);
    expect(readme?.sha).toBe(await gitIn(repo.dir, "rev-parse", "main:README.md"));
    const unicode = await repo.readFile("main", "unicode.txt");
    expect(unicode?.content.toString("utf8")).toBe("héllo ✓\n");
    expect(unicode?.size).toBe(Buffer.byteLength("héllo ✓\n"));
    expect((await repo.readFile("main", "/src//lib/./util.js"))?.content.toString("utf8")).toBe(
      "export const util = 1;\n",
    );
  });

  it("answers null for a missing path, a directory, an escaping path or an unknown commit", async () => {
    const repo = await temp.create(FILES);
    expect(await repo.readFile("main", "nope.txt")).toBeNull();
    expect(await repo.readFile("main", "src")).toBeNull();
    expect(await repo.readFile("main", "")).toBeNull();
    expect(await repo.readFile("main", "../README.md")).toBeNull();
    expect(await repo.readFile("no-such-branch", "README.md")).toBeNull();
  });

  it("lists a directory's files and subdirectories at a commit", async () => {
    const repo = await temp.create(FILES);
    const root = await repo.listDirectory("main", "");
    expect(root?.map(({ name, path, type }) => ({ name, path, type }))).toEqual([
      { name: "README.md", path: "README.md", type: "file" },
      { name: "src", path: "src", type: "dir" },
    ]);
    expect(root?.find((entry) => entry.name === "README.md")?.size).toBe(7);
    expect(root?.find((entry) => entry.name === "src")?.size).toBe(0);
    const src = await repo.listDirectory("main", "src/");
    expect(src?.map(({ path, type }) => `${type}:${path}`)).toEqual(["file:src/index.js", "dir:src/lib"]);
    expect(src?.[0]?.sha).toBe(await gitIn(repo.dir, "rev-parse", "main:src/index.js"));
    expect(await repo.listDirectory("main", "README.md")).toBeNull();
    expect(await repo.listDirectory("main", "missing")).toBeNull();
  });

  it("tells symlinks and submodules apart from files", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const blob = await gitIn(repo.dir, "rev-parse", "main:a.txt");
    const main = (await repo.resolve("main")) ?? "";
    const made = await runGit(["mktree"], {
      cwd: repo.dir,
      input: `100644 blob ${blob}\ta.txt\n120000 blob ${blob}\tlink\n160000 commit ${main}\tvendor\n`,
    });
    const treeSha = made.stdout.toString("utf8").trim();
    const entries = await repo.listDirectory(treeSha, "");
    expect(entries?.map(({ name, type }) => `${name}:${type}`)).toEqual([
      "a.txt:file",
      "link:symlink",
      "vendor:submodule",
    ]);
  });
});

describe("BareRepo.commitFiles", () => {
  it("adds, changes and deletes files in one commit on an existing branch", async () => {
    const repo = await temp.create(FILES);
    const before = (await repo.resolve("main")) ?? "";
    const sha = await repo.commitFiles({
      branch: "main",
      files: { "README.md": "# changed\n", "docs/guide.md": "guide\n", "src/lib/util.js": null },
      message: "Edit files",
      author: ALICE,
    });
    expect(await repo.resolve("main")).toBe(sha);
    expect((await repo.commit(sha))?.parents).toEqual([before]);
    expect((await repo.readFile(sha, "README.md"))?.content.toString()).toBe("# changed\n");
    expect((await repo.readFile(sha, "docs/guide.md"))?.content.toString()).toBe("guide\n");
    expect(await repo.readFile(sha, "src/lib/util.js")).toBeNull();
    expect(await repo.listDirectory(sha, "src/lib")).toBeNull();
    expect((await repo.readFile(sha, "src/index.js"))?.content.toString()).toBe("export {};\n");
    expect(await gitIn(repo.dir, "fsck", "--no-progress")).toBe("");
  });

  it("creates a missing branch from the default branch", async () => {
    const repo = await temp.create(FILES);
    const main = (await repo.resolve("main")) ?? "";
    const sha = await repo.commitFiles({
      branch: "foreman/1/T1",
      files: { "new.txt": "new\n" },
      message: "Start",
      author: ALICE,
    });
    expect(await repo.resolve("refs/heads/foreman/1/T1")).toBe(sha);
    expect(await repo.resolve("main")).toBe(main);
    expect((await repo.commit(sha))?.parents).toEqual([main]);
    expect((await repo.readFile(sha, "README.md"))?.content.toString()).toBe("# demo\n");
  });

  it("makes a root commit in an empty repository", async () => {
    const repo = await temp.create({});
    const sha = await repo.commitFiles({
      branch: "main",
      files: { "a.txt": "a\n" },
      message: "First",
      author: ALICE,
    });
    expect((await repo.commit(sha))?.parents).toEqual([]);
    expect([...(await repo.listRefs()).keys()]).toEqual(["refs/heads/main"]);
  });

  it("keeps every concurrent commit on the same branch (none is lost)", async () => {
    const repo = await temp.create(FILES);
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        repo.commitFiles({
          branch: "main",
          files: { [`file-${n}.txt`]: `${n}\n` },
          message: `add ${n}`,
          author: ALICE,
        }),
      ),
    );
    const names = (await repo.listDirectory("main", ""))?.map((entry) => entry.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt"]));
    expect(await gitIn(repo.dir, "rev-list", "--count", "main")).toBe("5");
  });

  it("refuses paths outside the tree or inside .git", async () => {
    const repo = await temp.create(FILES);
    for (const path of ["../escape.txt", ".git/config", "a/.GIT/x", "", "/"]) {
      await expect(
        repo.commitFiles({ branch: "main", files: { [path]: "x" }, message: "bad", author: ALICE }),
      ).rejects.toThrow(/cannot be written; use a relative file path/);
    }
  });
});

describe("BareRepo history queries", () => {
  it("lists the files changed on head since it forked, with renames and line counts", async () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`).join("\n");
    const repo = await temp.create({ ...FILES, "big.txt": `${lines}\n`, "old.txt": "old\n" });
    const fork = (await repo.resolve("main")) ?? "";
    const head = await repo.commitFiles({
      branch: "topic",
      files: {
        "big.txt": null,
        "moved.txt": `${lines}\nline 20\n`,
        "README.md": "# demo\nmore\n",
        "old.txt": null,
        "space name.txt": "x\n",
      },
      message: "Topic work",
      author: ALICE,
    });
    // A change on the base after the fork is not part of base...head.
    const base = await repo.commitFiles({
      branch: "main",
      files: { "later.txt": "later\n" },
      message: "later",
      author: ALICE,
    });

    const changed = await repo.changedFiles(base, head);
    expect(changed.sort((a, b) => (a.filename < b.filename ? -1 : 1))).toEqual([
      { filename: "README.md", status: "modified", additions: 1, deletions: 0 },
      { filename: "moved.txt", status: "renamed", additions: 1, deletions: 0, previousFilename: "big.txt" },
      { filename: "old.txt", status: "removed", additions: 0, deletions: 1 },
      { filename: "space name.txt", status: "added", additions: 1, deletions: 0 },
    ]);
    expect(await repo.mergeBase(base, head)).toBe(fork);
    expect(await repo.isAncestor(fork, head)).toBe(true);
    expect(await repo.isAncestor(head, base)).toBe(false);
    expect(await repo.changedFiles(head, head)).toEqual([]);
  });

  it("finds no merge base between unrelated histories", async () => {
    const repo = await temp.create(FILES);
    const other = await temp.create({ "x.txt": "x\n" });
    const main = (await repo.resolve("main")) ?? "";
    await gitIn(repo.dir, "fetch", "--quiet", other.dir, "main:refs/heads/unrelated");
    const unrelated = (await repo.resolve("unrelated")) ?? "";
    expect(await repo.mergeBase(main, unrelated)).toBeNull();
    await expect(repo.testMerge("main", unrelated)).resolves.toEqual({ mergeable: false, conflicts: [] });
  });
});
