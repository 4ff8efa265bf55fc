import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RefUpdate } from "../../src/git/bare-repo.ts";
import { isolatedGitEnv } from "../../src/git/run-git.ts";
import { gitIn, tempRepos } from "./temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

async function cloneOf(repoDir: string): Promise<string> {
  const clone = join(await temp.dir("foreman-clone-"), "clone");
  await gitIn(repoDir, "clone", "--quiet", repoDir, clone);
  return clone;
}

async function commitIn(clone: string, file: string, content: string): Promise<string> {
  await writeFile(join(clone, file), content);
  await gitIn(clone, "add", file);
  await gitIn(clone, "commit", "--quiet", "-m", `write ${file}`);
  return gitIn(clone, "rev-parse", "HEAD");
}

describe("BareRepo.watchPushes with real pushes", () => {
  it("hears a push from a clone before `git push` returns, with exact before and after values", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const mainBefore = (await repo.resolve("main")) ?? "";
    const heard: RefUpdate[][] = [];
    repo.watchPushes((updates) => heard.push(updates));
    const clone = await cloneOf(repo.dir);

    const onMain = await commitIn(clone, "a.txt", "a\n");
    await gitIn(clone, "push", "--quiet", "origin", "main");
    expect(heard).toEqual([[{ ref: "refs/heads/main", before: mainBefore, after: onMain }]]);
    expect(await repo.resolve("main")).toBe(onMain);

    await gitIn(clone, "checkout", "--quiet", "-b", "feature");
    const onFeature = await commitIn(clone, "b.txt", "b\n");
    await gitIn(clone, "tag", "v1");
    await gitIn(clone, "push", "--quiet", "--atomic", "origin", "feature", "v1");
    expect(heard[1]).toEqual(
      expect.arrayContaining([
        { ref: "refs/heads/feature", before: null, after: onFeature },
        { ref: "refs/tags/v1", before: null, after: onFeature },
      ]),
    );
    expect(heard[1]).toHaveLength(2);

    await gitIn(clone, "push", "--quiet", "origin", "--delete", "feature");
    expect(heard[2]).toEqual([{ ref: "refs/heads/feature", before: onFeature, after: null }]);
    expect(heard).toHaveLength(3);
  });

  it("reaches every listener until it unsubscribes, and does not report API changes twice", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const first: RefUpdate[][] = [];
    const second: RefUpdate[][] = [];
    const stopFirst = repo.watchPushes((updates) => first.push(updates));
    repo.watchPushes((updates) => second.push(updates));
    const clone = await cloneOf(repo.dir);
    await commitIn(clone, "a.txt", "a\n");
    await gitIn(clone, "push", "--quiet", "origin", "main");
    stopFirst();
    await commitIn(clone, "b.txt", "b\n");
    await gitIn(clone, "push", "--quiet", "origin", "main");
    await repo.setRef("refs/heads/api", (await repo.resolve("main")) ?? "", null);
    expect(first).toHaveLength(1);
    expect(second.map((updates) => updates.map((update) => update.ref))).toEqual([
      ["refs/heads/main"],
      ["refs/heads/main"],
      ["refs/heads/api"],
    ]);
  });

  it("keeps a listener's exception from failing the push or other listeners", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const heard: RefUpdate[][] = [];
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      repo.watchPushes(() => {
        throw new Error("listener bug");
      });
      repo.watchPushes((updates) => heard.push(updates));
      const clone = await cloneOf(repo.dir);
      const sha = await commitIn(clone, "a.txt", "a\n");
      await gitIn(clone, "push", "--quiet", "origin", "main");
      expect(await repo.resolve("main")).toBe(sha);
      expect(heard).toHaveLength(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((message) => message.includes("listener bug"))).toBe(true);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("still delivers a push made synchronously by the owning process, once its event loop runs again", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const heard: RefUpdate[][] = [];
    repo.watchPushes((updates) => heard.push(updates));
    const clone = await cloneOf(repo.dir);
    const sha = await commitIn(clone, "a.txt", "a\n");
    execFileSync("git", ["push", "--quiet", "origin", "main"], { cwd: clone, env: isolatedGitEnv() });
    expect(heard).toEqual([]);
    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 2000 });
    expect(heard[0]?.[0]?.after).toBe(sha);
  });

  it("lets pushes succeed when nobody listens any more", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const heard: RefUpdate[][] = [];
    repo.watchPushes((updates) => heard.push(updates));
    await repo.close();
    const clone = await cloneOf(repo.dir);
    const sha = await commitIn(clone, "a.txt", "a\n");
    await gitIn(clone, "push", "--quiet", "origin", "main");
    expect(await gitIn(repo.dir, "rev-parse", "main")).toBe(sha);
    expect(heard).toEqual([]);
  });
});
