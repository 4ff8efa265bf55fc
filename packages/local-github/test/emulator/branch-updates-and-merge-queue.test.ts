import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { gitText } from "../../src/git/run-git.ts";
import {
  clientFor,
  errorBodyOf,
  pushFiles,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const mergeAsyncSchema = z.object({
  status: z.enum(["pending", "merged", "enqueued", "failed"]),
  details: z.object({ message: z.string(), uuid: z.string().optional(), sha: z.string().optional() }),
});
const mergeGroupSchema = z.object({
  action: z.string(),
  reason: z.string().optional(),
  merge_group: z.object({
    head_sha: z.string(),
    head_ref: z.string(),
    base_sha: z.string(),
    base_ref: z.string(),
  }),
});
/** A test that passes until README.md says BROKEN: green on a PR's own head, red once main says so. */
const README_GUARD = `import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

test("the readme is not broken", () => {
  assert.ok(!readFileSync(new URL("../README.md", import.meta.url), "utf8").includes("BROKEN"));
});
`;

describe("contents writes, branch updates, merge-async and the merge queue", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gitDir: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator());
    await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "secret" });
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  const openPull = async (branch: string, files: Record<string, string>) => {
    const head = await pushFiles(gitDir, { branch, files, message: `Work on ${branch}` });
    const pull = await octokit.pulls.create({ owner, repo, title: branch, head: branch, base: "main" });
    await emulator.waitForIdle();
    return { number: pull.data.number, head };
  };
  const mergeAsync = (pullNumber: number, body: Record<string, string> = {}) =>
    octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge-async", {
      owner,
      repo,
      pull_number: pullNumber,
      ...body,
    });
  const mergeAsyncResult = async (pullNumber: number, uuid: string) =>
    mergeAsyncSchema.parse(
      (
        await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/merge-async/{uuid}", {
          owner,
          repo,
          pull_number: pullNumber,
          uuid,
        })
      ).data,
    );

  it("creates and updates files with real commits, refusing a missing or stale sha and protected branches", async () => {
    const main = await octokit.repos.getBranch({ owner, repo, branch: "main" });
    await octokit.git.createRef({ owner, repo, ref: "refs/heads/report", sha: main.data.commit.sha });
    const created = await octokit.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "reports/plan-1.md",
      branch: "report",
      message: "Add the report",
      content: base64("# Report\n"),
    });
    expect(created.status).toBe(201);
    expect(created.data.commit.parents?.map((parent) => parent.sha)).toEqual([main.data.commit.sha]);
    expect(created.data.content).toMatchObject({
      path: "reports/plan-1.md",
      name: "plan-1.md",
      type: "file",
    });
    const blobSha = created.data.content?.sha ?? "";
    const update = { owner, repo, path: "reports/plan-1.md", branch: "report", message: "Update" };
    expect(
      await errorBodyOf(octokit.repos.createOrUpdateFileContents({ ...update, content: base64("again") })),
    ).toMatchObject({ status: "422" });
    expect(
      await errorBodyOf(
        octokit.repos.createOrUpdateFileContents({
          ...update,
          content: base64("again"),
          sha: "0".repeat(40),
        }),
      ),
    ).toMatchObject({ status: "409", message: `reports/plan-1.md does not match ${"0".repeat(40)}` });
    const updated = await octokit.repos.createOrUpdateFileContents({
      ...update,
      content: base64("# Report, second edition\n"),
      sha: blobSha,
    });
    expect(updated.status).toBe(200);
    const read = await octokit.repos.getContent({ owner, repo, path: "reports/plan-1.md", ref: "report" });
    const file = z.object({ content: z.string() }).parse(read.data);
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("# Report, second edition\n");
    expect(await gitText(["log", "--format=%s", "report", "-3"], { cwd: gitDir })).toBe(
      "Update\nAdd the report\nInitial commit",
    );
    // The commits are pushes like any other: webhooks follow.
    await emulator.waitForIdle();
    expect(
      receiver.ofEvent("push").filter((delivery) => delivery.payload.ref === "refs/heads/report"),
    ).toHaveLength(3);

    expect(
      await errorBodyOf(
        octokit.repos.createOrUpdateFileContents({
          owner,
          repo,
          path: "x.md",
          message: "m",
          content: base64("x"),
        }),
      ),
    ).toMatchObject({ status: "409", message: expect.stringContaining('Required status check "test"') });
    expect(
      await statusOf(
        octokit.repos.createOrUpdateFileContents({ ...update, branch: "nowhere", content: base64("x") }),
      ),
    ).toBe(404);
    expect(
      await statusOf(
        octokit.repos.createOrUpdateFileContents({ ...update, path: "y.md", content: "not base64!" }),
      ),
    ).toBe(422);
    const reader = clientFor(emulator, emulator.userToken("passer-by"));
    expect(
      await statusOf(
        reader.repos.createOrUpdateFileContents({ ...update, path: "z.md", content: base64("z") }),
      ),
    ).toBe(403);
  });

  it("brings a pull request up to date with a real merge of its base, and CI runs on the new head", async () => {
    const pull = await openPull("feature/behind", { "src/behind.js": "export const behind = 1;\n" });
    expect(
      await errorBodyOf(octokit.pulls.updateBranch({ owner, repo, pull_number: pull.number })),
    ).toMatchObject({ status: "422", message: "There are no new commits on the base branch." });
    const mainTip = await pushFiles(gitDir, {
      branch: "main",
      files: { "NOTES.md": "notes\n" },
      message: "Notes",
    });
    expect(
      await errorBodyOf(
        octokit.pulls.updateBranch({ owner, repo, pull_number: pull.number, expected_head_sha: mainTip }),
      ),
    ).toMatchObject({ status: "422", message: "expected head sha didn't match current head ref." });
    const updated = await octokit.pulls.updateBranch({
      owner,
      repo,
      pull_number: pull.number,
      expected_head_sha: pull.head,
    });
    expect(updated.status).toBe(202);
    expect(updated.data.message).toBe("Updating pull request branch.");
    await emulator.waitForIdle();
    const after = await octokit.pulls.get({ owner, repo, pull_number: pull.number });
    const newHead = after.data.head.sha;
    expect(newHead).not.toBe(pull.head);
    const parents = (await gitText(["rev-list", "--parents", "-n", "1", newHead], { cwd: gitDir })).trim();
    expect(parents.split(" ").slice(1)).toEqual([pull.head, mainTip]);
    expect(
      receiver
        .ofEvent("pull_request", "synchronize")
        .some((delivery) => JSON.stringify(delivery.payload).includes(`"after":"${newHead}"`)),
    ).toBe(true);
    const checks = await octokit.checks.listForRef({ owner, repo, ref: newHead, check_name: "test" });
    expect(checks.data.check_runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("answers 422 naming the conflict when the base cannot be merged into the head", async () => {
    const pull = await openPull("feature/conflict", { "NOTES.md": "the pull request's notes\n" });
    await pushFiles(gitDir, {
      branch: "main",
      files: { "NOTES.md": "main's other notes\n" },
      message: "Rewrite notes",
    });
    expect(
      await errorBodyOf(octokit.pulls.updateBranch({ owner, repo, pull_number: pull.number })),
    ).toMatchObject({
      status: "422",
      message: "merge conflict between base and head",
    });
  });

  it("merges through merge-async and reports the result on its poll", async () => {
    const pull = await openPull("feature/async", { "src/async.js": "export const async = 1;\n" });
    const accepted = await mergeAsync(pull.number, { merge_method: "squash", sha: pull.head });
    expect(accepted.status).toBe(202);
    const answer = mergeAsyncSchema.parse(accepted.data);
    expect(answer.status).toBe("pending");
    const uuid = answer.details.uuid ?? "";
    await emulator.waitForIdle();
    const result = await mergeAsyncResult(pull.number, uuid);
    expect(result.status).toBe("merged");
    const merged = await octokit.pulls.get({ owner, repo, pull_number: pull.number });
    expect(merged.data).toMatchObject({ merged: true, merge_commit_sha: result.details.sha });
    expect((await mergeAsync(pull.number)).status).toBe(200);
    expect(
      await statusOf(
        octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/merge-async/{uuid}", {
          owner,
          repo,
          pull_number: pull.number,
          uuid: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ).toBe(404);
  });

  it("queues pull requests in a repository with a merge queue: merge groups, their checks, then the merge", async () => {
    emulator.enableMergeQueue("acme/demo", "main");
    const rules = await octokit.repos.getBranchRules({ owner, repo, branch: "main" });
    expect(rules.data.map((rule) => rule.type)).toEqual(["required_status_checks", "merge_queue"]);
    const pull = await openPull("feature/queued", { "src/queued.js": "export const queued = 1;\n" });
    expect(await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: pull.number }))).toMatchObject({
      status: "405",
      message: "Changes must be made through the merge queue",
    });
    expect(await errorBodyOf(mergeAsync(pull.number, { merge_action: "direct_merge" }))).toMatchObject({
      status: "failed",
    });
    const accepted = mergeAsyncSchema.parse(
      (await mergeAsync(pull.number, { merge_action: "merge_queue" })).data,
    );
    const uuid = accepted.details.uuid ?? "";
    await emulator.waitForIdle();
    const groups = receiver
      .ofEvent("merge_group")
      .map((delivery) => mergeGroupSchema.parse(delivery.payload));
    expect(groups.map((group) => [group.action, group.reason])).toEqual([
      ["checks_requested", undefined],
      ["destroyed", "merged"],
    ]);
    const group = groups[0]?.merge_group;
    expect(group?.head_ref).toBe(`refs/heads/gh-readonly-queue/main/pr-${pull.number}-${pull.head}`);
    expect(group?.base_ref).toBe("refs/heads/main");
    const groupChecks = await octokit.checks.listForRef({
      owner,
      repo,
      ref: group?.head_sha ?? "",
      check_name: "test",
    });
    expect(groupChecks.data.check_runs[0]).toMatchObject({ conclusion: "success" });
    expect(await mergeAsyncResult(pull.number, uuid)).toMatchObject({
      status: "merged",
      details: { sha: group?.head_sha },
    });
    const main = await octokit.repos.getBranch({ owner, repo, branch: "main" });
    expect(main.data.commit.sha).toBe(group?.head_sha);
    expect(await octokit.pulls.get({ owner, repo, pull_number: pull.number })).toMatchObject({
      data: { merged: true, state: "closed", merge_commit_sha: group?.head_sha },
    });
    // The queue's branch is gone once the group merged.
    expect(
      await statusOf(octokit.repos.getBranch({ owner, repo, branch: group?.head_ref.slice(11) ?? "" })),
    ).toBe(404);
  });

  it("drops a pull request from the queue when its merge group fails the required checks", async () => {
    const pull = await openPull("feature/guarded", { "test/readme.test.js": README_GUARD });
    await pushFiles(gitDir, {
      branch: "main",
      files: { "README.md": "BROKEN\n" },
      message: "Break the readme",
    });
    const accepted = mergeAsyncSchema.parse((await mergeAsync(pull.number)).data);
    await emulator.waitForIdle();
    expect(await mergeAsyncResult(pull.number, accepted.details.uuid ?? "")).toEqual({
      status: "failed",
      details: { message: 'Required status check "test" failed in the merge queue.' },
    });
    const destroyed = receiver
      .ofEvent("merge_group", "destroyed")
      .map((delivery) => mergeGroupSchema.parse(delivery.payload))
      .filter((group) => group.merge_group.head_ref.includes(`pr-${pull.number}-`));
    expect(destroyed.map((group) => group.reason)).toEqual(["dequeued"]);
    expect((await octokit.pulls.get({ owner, repo, pull_number: pull.number })).data).toMatchObject({
      merged: false,
      state: "open",
    });
  });
});
