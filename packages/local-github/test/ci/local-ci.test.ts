import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { CI_OUTPUT_LIMIT_BYTES, runCiCheck } from "../../src/ci/local-ci.ts";
import { demoRepositoryFiles } from "../../src/seed/demo-repository-files.ts";
import { ALICE, tempRepos } from "../git/temp-repos.ts";

const temp = tempRepos();
afterEach(() => temp.cleanup());

describe("runCiCheck", () => {
  it("passes on the demo repository, whose own node --test suite really runs", async () => {
    const repo = await temp.create(demoRepositoryFiles("acme/demo"));
    const sha = (await repo.resolve("main")) ?? "";
    const result = await runCiCheck({ repo, sha, command: "npm test" });
    expect(result.conclusion, result.output).toBe("success");
    expect(result.output).toContain("add sums two numbers");
    expect(result.output).toMatch(/pass 4/);
    expect(result.output).toMatch(/fail 0/);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("fails on a commit that breaks the demo repository's tests, with the failing test in the output", async () => {
    const repo = await temp.create(demoRepositoryFiles("acme/demo"));
    const calculator = (await repo.readFile("main", "src/calculator.js"))?.content.toString() ?? "";
    const broken = await repo.commitFiles({
      branch: "broken",
      files: { "src/calculator.js": calculator.replace("return a + b;", "return a - b;") },
      message: "Break add",
      author: ALICE,
    });
    const result = await runCiCheck({ repo, sha: broken, command: "npm test" });
    expect(result.conclusion).toBe("failure");
    expect(result.output).toContain("add sums two numbers");
    expect(result.output).toMatch(/fail 1/);
    // The branch tip is what ran, not main.
    const main = (await repo.resolve("main")) ?? "";
    expect((await runCiCheck({ repo, sha: main, command: "npm test" })).conclusion).toBe("success");
  });

  it("runs in a clean checkout of exactly that commit, with CI=true and a fresh HOME, and removes it", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const sha = (await repo.resolve("main")) ?? "";
    const result = await runCiCheck({
      repo,
      sha,
      command:
        'echo "dir=$PWD"; echo "head=$(git rev-parse HEAD)"; echo "ci=$CI home=$HOME"; git status --short; ls -A',
    });
    expect(result.conclusion).toBe("success");
    const dir = /dir=(.*)/.exec(result.output)?.[1] ?? "";
    expect(result.output).toContain(`head=${sha}`);
    expect(result.output).toMatch(/ci=true home=\S+foreman-ci-\S+\/home/);
    expect(result.output.split("\n").filter((line) => line === ".git" || line === "a.txt")).toEqual([
      ".git",
      "a.txt",
    ]);
    expect(dir).not.toBe("");
    expect(existsSync(dir)).toBe(false);
  });

  it("kills the whole process group at the timeout and reports timed_out", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const sha = (await repo.resolve("main")) ?? "";
    const result = await runCiCheck({
      repo,
      sha,
      command: "echo waiting; sleep 30 & sleep 30",
      timeoutMs: 300,
    });
    expect(result.conclusion).toBe("timed_out");
    expect(result.output).toContain("waiting");
    expect(result.output).toContain("[timed out after 300 ms; killed]");
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("does not wait for background processes the command leaves behind", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const sha = (await repo.resolve("main")) ?? "";
    const result = await runCiCheck({ repo, sha, command: "(sleep 30 &) ; sleep 30 & echo done" });
    expect(result.conclusion).toBe("success");
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("keeps only the last 64 KiB of a long output, with a truncation marker", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    const sha = (await repo.resolve("main")) ?? "";
    const result = await runCiCheck({
      repo,
      sha,
      command:
        "for i in $(seq 1 20000); do echo \"line $i of a long log ✓\"; done; echo 'last line' >&2; exit 1",
    });
    expect(result.conclusion).toBe("failure");
    expect(result.output).toMatch(/^\[… output truncated: the first \d+ bytes were dropped …\]\n/);
    const body = result.output.slice(result.output.indexOf("\n") + 1);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(CI_OUTPUT_LIMIT_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(CI_OUTPUT_LIMIT_BYTES - 4);
    expect(body).not.toContain("\uFFFD");
    expect(body.trimEnd().endsWith("last line")).toBe(true);
    expect(body).toContain("line 20000 of a long log ✓");
    expect(body).not.toContain("line 1 of a long log");
  });

  it("refuses a commit the repository does not have", async () => {
    const repo = await temp.create({ "a.txt": "a\n" });
    await expect(runCiCheck({ repo, sha: "2".repeat(40), command: "true" })).rejects.toThrow(
      /commit 2{40} does not exist in .*push it first/,
    );
  });
});
