import { afterEach, describe, expect, it } from "vitest";
import type { BareRepo, MergeMethod, RefUpdate } from "../../src/git/bare-repo.ts";
import { ALICE, BOT, gitIn, tempRepos } from "./temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

const BOB = { name: "Bob Builder", email: "bob@example.com" };
const POEM = "one\ntwo\nthree\nfour\nfive\n";

/**
 * main: base → (main adds main.txt); topic (from base): edits poem line 1, then adds topic.txt.
 * Neither side is an ancestor of the other, so every method has real work to do.
 */
async function divergedRepository(): Promise<{
  repo: BareRepo;
  base: string;
  mainTip: string;
  topic: string[];
}> {
  const repo = await temp.create({ "poem.txt": POEM, "README.md": "# r\n" });
  const base = (await repo.resolve("main")) ?? "";
  const first = await repo.commitFiles({
    branch: "topic",
    files: { "poem.txt": POEM.replace("one", "ONE") },
    message: "Shout the first line",
    author: BOB,
  });
  const second = await repo.commitFiles({
    branch: "topic",
    files: { "topic.txt": "topic\n" },
    message: "Add topic.txt",
    author: BOB,
  });
  const mainTip = await repo.commitFiles({
    branch: "main",
    files: { "main.txt": "main\n", "poem.txt": POEM.replace("five", "FIVE") },
    message: "Main moves on",
    author: ALICE,
  });
  return { repo, base, mainTip, topic: [first, second] };
}

async function expectMergedContent(repo: BareRepo, sha: string): Promise<void> {
  expect((await repo.readFile(sha, "poem.txt"))?.content.toString()).toBe(
    POEM.replace("one", "ONE").replace("five", "FIVE"),
  );
  expect((await repo.readFile(sha, "topic.txt"))?.content.toString()).toBe("topic\n");
  expect((await repo.readFile(sha, "main.txt"))?.content.toString()).toBe("main\n");
}

describe("BareRepo.merge", () => {
  it("creates a two-parent merge commit for the merge method", async () => {
    const { repo, mainTip, topic } = await divergedRepository();
    const heard: RefUpdate[][] = [];
    repo.watchPushes((updates) => heard.push(updates));
    const result = await repo.merge({
      baseBranch: "main",
      headSha: topic[1] ?? "",
      method: "merge",
      title: "Merge pull request #1 from acme/topic",
      message: "Topic work",
      committer: BOT,
    });
    if (!result.ok) throw new Error(`expected a clean merge, got conflicts ${result.conflicts}`);
    expect(await repo.resolve("main")).toBe(result.sha);
    const commit = await repo.commit(result.sha);
    expect(commit?.parents).toEqual([mainTip, topic[1]]);
    expect(commit?.message).toBe("Merge pull request #1 from acme/topic\n\nTopic work\n");
    expect(commit?.committer).toMatchObject(BOT);
    await expectMergedContent(repo, result.sha);
    expect(heard).toEqual([[{ ref: "refs/heads/main", before: mainTip, after: result.sha }]]);
  });

  it("creates one single-parent commit with the combined tree for the squash method", async () => {
    const { repo, mainTip, topic } = await divergedRepository();
    const result = await repo.merge({
      baseBranch: "main",
      headSha: topic[1] ?? "",
      method: "squash",
      title: "Topic (#1)",
      committer: BOT,
      author: BOB,
    });
    if (!result.ok) throw new Error(`expected a clean squash, got conflicts ${result.conflicts}`);
    const commit = await repo.commit(result.sha);
    expect(commit?.parents).toEqual([mainTip]);
    expect(commit?.author).toMatchObject(BOB);
    expect(commit?.message).toBe("Topic (#1)\n\n* Shout the first line\n* Add topic.txt\n");
    await expectMergedContent(repo, result.sha);
  });

  it("replays head's commits onto the base for the rebase method, keeping their authors", async () => {
    const { repo, mainTip, topic } = await divergedRepository();
    const originals = await Promise.all(topic.map((sha) => repo.commit(sha)));
    const result = await repo.merge({
      baseBranch: "main",
      headSha: topic[1] ?? "",
      method: "rebase",
      title: "ignored for rebase",
      committer: BOT,
    });
    if (!result.ok) throw new Error(`expected a clean rebase, got conflicts ${result.conflicts}`);
    const second = await repo.commit(result.sha);
    const first = await repo.commit(second?.parents[0] ?? "");
    expect(second?.parents).toHaveLength(1);
    expect(first?.parents).toEqual([mainTip]);
    expect([first?.message, second?.message]).toEqual(["Shout the first line\n", "Add topic.txt\n"]);
    expect(first?.author).toEqual(originals[0]?.author);
    expect(second?.author).toEqual(originals[1]?.author);
    expect(first?.committer).toMatchObject(BOT);
    expect(topic).not.toContain(first?.sha);
    expect(topic).not.toContain(second?.sha);
    // The first replayed commit holds main's tree plus only the first topic change.
    expect((await repo.readFile(first?.sha ?? "", "poem.txt"))?.content.toString()).toBe(
      POEM.replace("one", "ONE").replace("five", "FIVE"),
    );
    expect(await repo.readFile(first?.sha ?? "", "topic.txt")).toBeNull();
    await expectMergedContent(repo, result.sha);
    expect(await gitIn(repo.dir, "rev-list", "--count", `${mainTip}..main`)).toBe("2");
  });

  it("rewrites commits even when the base has not moved, and drops changes the base already has", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const base = (await repo.resolve("main")) ?? "";
    const same = await repo.commitFiles({
      branch: "topic",
      files: { "b.txt": "b\n" },
      message: "b",
      author: BOB,
    });
    const head = await repo.commitFiles({
      branch: "topic",
      files: { "c.txt": "c\n" },
      message: "c",
      author: BOB,
    });
    const rebased = await repo.merge({
      baseBranch: "main",
      headSha: head,
      method: "rebase",
      title: "t",
      committer: BOT,
    });
    if (!rebased.ok) throw new Error("expected a clean rebase");
    expect(rebased.sha).not.toBe(head);
    expect(await gitIn(repo.dir, "rev-list", "--count", `${base}..main`)).toBe("2");

    // A second topic whose only change (b.txt) is already on main: nothing is left to replay.
    await repo.setRef("refs/heads/again", same, null);
    const again = await repo.merge({
      baseBranch: "main",
      headSha: same,
      method: "rebase",
      title: "t",
      committer: BOT,
    });
    expect(again).toEqual({ ok: true, sha: rebased.sha });
    expect(await repo.resolve("main")).toBe(rebased.sha);
  });

  it.each<MergeMethod>(["merge", "squash", "rebase"])(
    "reports the conflicting paths and changes nothing (%s)",
    async (method) => {
      const { repo, topic } = await divergedRepository();
      await repo.commitFiles({
        branch: "main",
        files: { "poem.txt": POEM.replace("one", "uno") },
        message: "Conflict",
        author: ALICE,
      });
      const refsBefore = await repo.listRefs();
      const heard: RefUpdate[][] = [];
      repo.watchPushes((updates) => heard.push(updates));

      expect(await repo.testMerge("main", topic[1] ?? "")).toEqual({
        mergeable: false,
        conflicts: ["poem.txt"],
      });
      const result = await repo.merge({
        baseBranch: "main",
        headSha: topic[1] ?? "",
        method,
        title: "x",
        committer: BOT,
      });
      expect(result).toEqual({ ok: false, conflicts: ["poem.txt"] });
      expect(await repo.listRefs()).toEqual(refsBefore);
      expect(heard).toEqual([]);
    },
  );

  it("tests mergeability without changing any ref", async () => {
    const { repo, topic } = await divergedRepository();
    const refsBefore = await repo.listRefs();
    expect(await repo.testMerge("main", topic[1] ?? "")).toEqual({ mergeable: true, conflicts: [] });
    expect(await repo.listRefs()).toEqual(refsBefore);
    await expect(repo.testMerge("nope", topic[1] ?? "")).rejects.toThrow(/branch "nope" does not exist/);
    await expect(repo.testMerge("main", "0".repeat(40))).rejects.toThrow(/is not a commit/);
  });

  it("lets concurrent merges into one branch all land, none overwriting another", async () => {
    const repo = await temp.create({ "README.md": "# r\n" });
    const heads = await Promise.all(
      [1, 2, 3].map((n) =>
        repo.commitFiles({
          branch: `topic-${n}`,
          files: { [`f${n}.txt`]: `${n}\n` },
          message: `f${n}`,
          author: BOB,
        }),
      ),
    );
    const results = await Promise.all(
      heads.map((headSha, index) =>
        repo.merge({
          baseBranch: "main",
          headSha,
          method: "merge",
          title: `Merge #${index + 1}`,
          committer: BOT,
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    for (const head of heads) expect(await repo.isAncestor(head, "main")).toBe(true);
    const names = (await repo.listDirectory("main", ""))?.map((entry) => entry.name);
    expect(names).toEqual(["README.md", "f1.txt", "f2.txt", "f3.txt"]);
  });
});
