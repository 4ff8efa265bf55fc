import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import {
  clientFor,
  errorBodyOf,
  installationToken,
  pushFiles,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";
const FAILING_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";

test("fails on purpose", () => {
  assert.equal(1, 2);
});
`;

describe("pull requests, reviews, checks and statuses", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let appOctokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gitDir: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator());
    const app = await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "secret" });
    appOctokit = clientFor(emulator, await installationToken(emulator, app));
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  it("opens pull requests between real branches and runs the required check on the head", async () => {
    const head = await pushFiles(gitDir, {
      branch: "feature/a",
      files: { "src/a.js": "export const a = 1;\n" },
      message: "Add a",
    });
    const opened = await octokit.pulls.create({
      owner,
      repo,
      title: "Add a",
      head: "acme:feature/a",
      base: "main",
      body: "Closes #99",
    });
    expect(opened.status).toBe(201);
    expect(opened.data).toMatchObject({
      number: 1,
      state: "open",
      merged: false,
      head: { ref: "feature/a", sha: head, label: "acme:feature/a" },
      base: { ref: "main" },
      commits: 1,
      additions: 1,
      changed_files: 1,
      mergeable: true,
      mergeable_state: "blocked",
    });
    // Merging before the required check reported is refused, as branch protection does.
    expect(await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: 1 }))).toMatchObject({
      message: 'Required status check "test" is expected.',
      status: "405",
    });
    expect(
      await errorBodyOf(
        octokit.pulls.create({ owner, repo, title: "Again", head: "feature/a", base: "main" }),
      ),
    ).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "PullRequest",
          code: "custom",
          message: "A pull request already exists for acme:feature/a.",
        },
      ],
    });
    expect(
      await statusOf(octokit.pulls.create({ owner, repo, title: "Nothing", head: "nope", base: "main" })),
    ).toBe(422);
    expect(
      await statusOf(octokit.pulls.create({ owner, repo, title: "Same", head: "main", base: "main" })),
    ).toBe(422);

    await emulator.waitForIdle();
    const runs = await octokit.checks.listForRef({ owner, repo, ref: head });
    expect(runs.data.check_runs).toEqual([
      expect.objectContaining({
        name: "test",
        status: "completed",
        conclusion: "success",
        app: expect.objectContaining({ slug: "github-actions" }),
      }),
    ]);
    expect(runs.data.check_runs[0]?.pull_requests.map((pull) => pull.number)).toEqual([1]);
    const pull = await octokit.pulls.get({ owner, repo, pull_number: 1 });
    expect(pull.data.mergeable_state).toBe("clean");
    const issueView = await octokit.issues.get({ owner, repo, issue_number: 1 });
    expect(issueView.data.pull_request?.url).toBe(pull.data.url);
    expect(receiver.ofEvent("check_run", "completed")[0]?.payload).toMatchObject({
      check_run: { name: "test", conclusion: "success" },
    });
    expect(receiver.ofEvent("check_suite", "completed")).toHaveLength(1);
  });

  it("lists pull requests by head, base and state, and their files", async () => {
    await pushFiles(gitDir, {
      branch: "feature/b",
      files: { "README.md": "# conflicting readme\n" },
      message: "Rewrite readme",
    });
    await octokit.pulls.create({ owner, repo, title: "Readme", head: "feature/b", base: "main" });
    const byHead = await octokit.pulls.list({ owner, repo, head: "acme:feature/b" });
    expect(byHead.data.map((pull) => pull.number)).toEqual([2]);
    expect((await octokit.pulls.list({ owner, repo })).data.map((pull) => pull.number)).toEqual([2, 1]);
    expect((await octokit.pulls.list({ owner, repo, base: "other" })).data).toEqual([]);
    expect((await octokit.pulls.list({ owner, repo, state: "closed" })).data).toEqual([]);
    const files = await octokit.pulls.listFiles({ owner, repo, pull_number: 2 });
    expect(files.data.map((file) => [file.filename, file.status])).toEqual([["README.md", "modified"]]);
    const issues = await octokit.issues.listForRepo({ owner, repo });
    expect(issues.data.every((issue) => issue.pull_request !== undefined)).toBe(true);
  });

  it("edits pull requests and keeps reviews and review comments", async () => {
    const edited = await octokit.pulls.update({
      owner,
      repo,
      pull_number: 2,
      title: "Readme rewrite",
      body: "Why",
    });
    expect(edited.data).toMatchObject({ title: "Readme rewrite", body: "Why" });
    const reviewer = clientFor(emulator, emulator.userToken("reviewer"));
    const approved = await reviewer.pulls.createReview({ owner, repo, pull_number: 2, event: "APPROVE" });
    expect(approved.data).toMatchObject({ state: "APPROVED", user: { login: "reviewer" } });
    expect(
      await errorBodyOf(octokit.pulls.createReview({ owner, repo, pull_number: 2, event: "APPROVE" })),
    ).toMatchObject({
      message: "Review Can not approve your own pull request",
    });
    const pending = await reviewer.pulls.createReview({
      owner,
      repo,
      pull_number: 2,
      body: "Please change",
      comments: [{ path: "README.md", line: 1, body: "Too short" }],
    });
    expect(pending.data.state).toBe("PENDING");
    const submitted = await reviewer.pulls.submitReview({
      owner,
      repo,
      pull_number: 2,
      review_id: pending.data.id,
      event: "REQUEST_CHANGES",
    });
    expect(submitted.data.state).toBe("CHANGES_REQUESTED");
    const reviews = await octokit.pulls.listReviews({ owner, repo, pull_number: 2 });
    expect(reviews.data.map((review) => review.state)).toEqual(["APPROVED", "CHANGES_REQUESTED"]);
    const head = (await octokit.pulls.get({ owner, repo, pull_number: 2 })).data.head.sha;
    const comment = await octokit.pulls.createReviewComment({
      owner,
      repo,
      pull_number: 2,
      body: "Consider a title",
      commit_id: head,
      path: "README.md",
      line: 1,
    });
    expect(comment.status).toBe(201);
    const reply = await reviewer.pulls.createReviewComment({
      owner,
      repo,
      pull_number: 2,
      body: "Agreed",
      commit_id: head,
      path: "README.md",
      in_reply_to: comment.data.id,
    });
    expect(reply.data.in_reply_to_id).toBe(comment.data.id);
    const comments = await octokit.pulls.listReviewComments({ owner, repo, pull_number: 2 });
    expect(comments.data.map((entry) => entry.body)).toEqual(["Too short", "Consider a title", "Agreed"]);
    await emulator.waitForIdle();
    const submittedStates = receiver
      .ofEvent("pull_request_review", "submitted")
      .map((delivery) => JSON.stringify(delivery.payload.review));
    expect(submittedStates).toEqual([
      expect.stringContaining('"state":"APPROVED"'),
      expect.stringContaining('"state":"CHANGES_REQUESTED"'),
    ]);
  });

  it("merges with a real git merge, closes referenced issues, and refuses stale heads and conflicts", async () => {
    const issue = await octokit.issues.create({ owner, repo, title: "Referenced" });
    await octokit.pulls.update({ owner, repo, pull_number: 1, body: `Closes #${issue.data.number}` });
    expect(
      await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: 1, sha: "0".repeat(40) })),
    ).toMatchObject({
      message: "Head branch was modified. Review and try the merge again.",
      status: "409",
    });
    const merged = await octokit.pulls.merge({ owner, repo, pull_number: 1, merge_method: "merge" });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const commit = await octokit.git.getCommit({ owner, repo, commit_sha: merged.data.sha });
    expect(commit.data.parents).toHaveLength(2);
    expect(commit.data.message).toContain("Merge pull request #1 from acme/feature/a");
    const pull = await octokit.pulls.get({ owner, repo, pull_number: 1 });
    expect(pull.data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: merged.data.sha,
      merged_by: { login: "octo-admin" },
      commits: 1,
    });
    expect((await octokit.issues.get({ owner, repo, issue_number: issue.data.number })).data).toMatchObject({
      state: "closed",
      state_reason: "completed",
    });
    expect(await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: 1 }))).toMatchObject({
      message: "Pull Request is not mergeable",
    });

    // Pull request 2 rewrote the README that main has not changed: still mergeable. Make main conflict with it.
    await pushFiles(gitDir, {
      branch: "main",
      files: { "README.md": "# main moved on\n" },
      message: "Edit readme on main",
    });
    await emulator.waitForIdle();
    const conflicted = await octokit.pulls.get({ owner, repo, pull_number: 2 });
    expect(conflicted.data).toMatchObject({ mergeable: false, mergeable_state: "dirty" });
    expect(await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: 2 }))).toEqual({
      message: "Pull Request is not mergeable",
      documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request",
      status: "405",
    });
  });

  it("squashes and rebases, and refuses a head whose required check failed", async () => {
    await pushFiles(gitDir, { branch: "feature/squash", files: { "src/s1.js": "1\n" }, message: "s1" });
    await pushFiles(gitDir, { branch: "feature/squash", files: { "src/s2.js": "2\n" }, message: "s2" });
    await pushFiles(gitDir, { branch: "feature/rebase", files: { "src/r1.js": "1\n" }, message: "r1" });
    await pushFiles(gitDir, { branch: "feature/rebase", files: { "src/r2.js": "2\n" }, message: "r2" });
    await pushFiles(gitDir, {
      branch: "feature/red",
      files: { "test/red.test.js": FAILING_TEST },
      message: "Break tests",
    });
    const squash = await octokit.pulls.create({
      owner,
      repo,
      title: "Squash me",
      head: "feature/squash",
      base: "main",
    });
    const rebase = await octokit.pulls.create({
      owner,
      repo,
      title: "Rebase me",
      head: "feature/rebase",
      base: "main",
    });
    const red = await octokit.pulls.create({ owner, repo, title: "Red", head: "feature/red", base: "main" });
    await emulator.waitForIdle(60_000);

    const squashed = await octokit.pulls.merge({
      owner,
      repo,
      pull_number: squash.data.number,
      merge_method: "squash",
    });
    const squashCommit = await octokit.repos.getCommit({ owner, repo, ref: squashed.data.sha });
    expect(squashCommit.data.parents).toHaveLength(1);
    expect(squashCommit.data.commit.message.split("\n")[0]).toBe(`Squash me (#${squash.data.number})`);
    expect(squashCommit.data.files?.map((file) => file.filename)).toEqual(["src/s1.js", "src/s2.js"]);

    const rebased = await octokit.pulls.merge({
      owner,
      repo,
      pull_number: rebase.data.number,
      merge_method: "rebase",
    });
    const tip = await octokit.git.getCommit({ owner, repo, commit_sha: rebased.data.sha });
    expect(tip.data.message).toBe("r2");
    const before = await octokit.git.getCommit({ owner, repo, commit_sha: tip.data.parents[0]?.sha ?? "" });
    expect(before.data.message).toBe("r1");
    expect(before.data.parents[0]?.sha).toBe(squashed.data.sha);

    const redRuns = await octokit.checks.listForRef({ owner, repo, ref: "feature/red" });
    expect(redRuns.data.check_runs[0]).toMatchObject({ name: "test", conclusion: "failure" });
    expect(redRuns.data.check_runs[0]?.output.summary).toContain("fails on purpose");
    expect(
      await errorBodyOf(octokit.pulls.merge({ owner, repo, pull_number: red.data.number })),
    ).toMatchObject({
      message: 'Required status check "test" is failing.',
    });
    const closed = await octokit.pulls.update({ owner, repo, pull_number: red.data.number, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", merged: false });
  });

  it("keeps an app's check runs in its suite, updates them, and reruns a suite", async () => {
    const sha = (await octokit.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const created = await appOctokit.checks.create({
      owner,
      repo,
      name: "foreman/verify",
      head_sha: sha,
      status: "in_progress",
      external_id: "plan-1",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: "foreman/verify",
      status: "in_progress",
      conclusion: null,
      external_id: "plan-1",
    });
    const updated = await appOctokit.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      conclusion: "success",
      output: { title: "Verified", summary: "All criteria met" },
    });
    expect(updated.data).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: { title: "Verified", summary: "All criteria met" },
    });
    expect((await octokit.checks.get({ owner, repo, check_run_id: created.data.id })).data.id).toBe(
      created.data.id,
    );
    expect(await statusOf(octokit.checks.get({ owner, repo, check_run_id: 1 }))).toBe(404);
    const byName = await octokit.checks.listForRef({ owner, repo, ref: sha, check_name: "foreman/verify" });
    expect(byName.data.total_count).toBe(1);
    const suites = await octokit.checks.listSuitesForRef({ owner, repo, ref: sha });
    const appSuite = suites.data.check_suites.find((suite) => suite.id === created.data.check_suite?.id);
    expect(appSuite).toMatchObject({
      status: "completed",
      conclusion: "success",
      latest_check_runs_count: 1,
    });
    const suite = await octokit.checks.getSuite({ owner, repo, check_suite_id: appSuite?.id ?? 0 });
    expect(suite.data.head_sha).toBe(sha);
    expect(
      await statusOf(octokit.checks.rerequestSuite({ owner, repo, check_suite_id: appSuite?.id ?? 0 })),
    ).toBe(201);
    await emulator.waitForIdle();
    expect(receiver.ofEvent("check_suite", "rerequested")).toHaveLength(1);
    expect(
      await statusOf(
        appOctokit.checks.create({ owner, repo, name: "x", head_sha: sha, status: "completed" }),
      ),
    ).toBe(422);
    expect(
      await statusOf(appOctokit.checks.create({ owner, repo, name: "x", head_sha: "f".repeat(40) })),
    ).toBe(422);

    // Rerunning the CI suite of a pull request head runs the test command again as a new check run.
    const prHead = (await octokit.pulls.get({ owner, repo, pull_number: 1 })).data.head.sha;
    const ciSuites = await octokit.checks.listSuitesForRef({ owner, repo, ref: prHead, app_id: 15368 });
    expect(ciSuites.data.total_count).toBe(1);
    await octokit.checks.rerequestSuite({
      owner,
      repo,
      check_suite_id: ciSuites.data.check_suites[0]?.id ?? 0,
    });
    await emulator.waitForIdle();
    const all = await octokit.checks.listForRef({
      owner,
      repo,
      ref: prHead,
      filter: "all",
      check_name: "test",
    });
    expect(all.data.check_runs.map((run) => run.conclusion)).toEqual(["success", "success"]);
    expect((await octokit.checks.listForRef({ owner, repo, ref: prHead })).data.total_count).toBe(1);
  });

  it("records commit statuses and combines the latest of each context", async () => {
    const sha = (await octokit.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const pending = await appOctokit.repos.createCommitStatus({
      owner,
      repo,
      sha,
      state: "pending",
      context: "lint",
    });
    expect(pending.status).toBe(201);
    await appOctokit.repos.createCommitStatus({
      owner,
      repo,
      sha,
      state: "success",
      context: "lint",
      description: "clean",
    });
    await appOctokit.repos.createCommitStatus({ owner, repo, sha, state: "success", context: "docs" });
    const combined = await octokit.repos.getCombinedStatusForRef({ owner, repo, ref: "main" });
    expect(combined.data).toMatchObject({ state: "success", sha, total_count: 2 });
    expect(combined.data.statuses.map((status) => [status.context, status.state])).toEqual([
      ["docs", "success"],
      ["lint", "success"],
    ]);
    const listed = await octokit.repos.listCommitStatusesForRef({ owner, repo, ref: sha });
    expect(listed.data.map((status) => status.state)).toEqual(["success", "success", "pending"]);
    await appOctokit.repos.createCommitStatus({ owner, repo, sha, state: "failure", context: "docs" });
    expect((await octokit.repos.getCombinedStatusForRef({ owner, repo, ref: sha })).data.state).toBe(
      "failure",
    );
    expect(
      await statusOf(
        appOctokit.repos.createCommitStatus({ owner, repo, sha: "f".repeat(40), state: "success" }),
      ),
    ).toBe(422);
    await emulator.waitForIdle();
    expect(receiver.ofEvent("status").map((delivery) => delivery.payload.context)).toEqual([
      "lint",
      "lint",
      "docs",
      "docs",
    ]);
  });
});
