import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import {
  type clientFor,
  errorBodyOf,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";

describe("sub-issues and issue dependencies", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const newIssue = async (title: string) => (await octokit.issues.create({ owner, repo, title })).data;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator());
    await emulator.createApp({
      webhookUrl: receiver.url,
      webhookSecret: "secret",
      events: ["sub_issues", "issue_dependencies"],
    });
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  it("links sub-issues by database id and reports them on both sides", async () => {
    const parent = await newIssue("Plan");
    const child = await newIssue("Task A");
    const sibling = await newIssue("Task B");
    const added = await octokit.issues.addSubIssue({
      owner,
      repo,
      issue_number: parent.number,
      sub_issue_id: child.id,
    });
    expect(added.status).toBe(201);
    expect(added.data).toMatchObject({
      number: parent.number,
      sub_issues_summary: { total: 1, completed: 0, percent_completed: 0 },
    });
    await octokit.issues.addSubIssue({ owner, repo, issue_number: parent.number, sub_issue_id: sibling.id });
    await octokit.issues.update({ owner, repo, issue_number: child.number, state: "closed" });
    const listed = await octokit.issues.listSubIssues({ owner, repo, issue_number: parent.number });
    expect(listed.data.map((issue) => issue.title)).toEqual(["Task A", "Task B"]);
    expect(
      (await octokit.issues.get({ owner, repo, issue_number: parent.number })).data.sub_issues_summary,
    ).toEqual({
      total: 2,
      completed: 1,
      percent_completed: 50,
    });
    const parentOfChild = await octokit.issues.getParent({ owner, repo, issue_number: child.number });
    expect(parentOfChild.data.id).toBe(parent.id);
    expect(
      (await octokit.issues.get({ owner, repo, issue_number: child.number })).data.parent_issue_url,
    ).toBe(parent.url);
    expect(await statusOf(octokit.issues.getParent({ owner, repo, issue_number: parent.number }))).toBe(404);

    const reordered = await octokit.issues.reprioritizeSubIssue({
      owner,
      repo,
      issue_number: parent.number,
      sub_issue_id: sibling.id,
      before_id: child.id,
    });
    expect(reordered.status).toBe(200);
    expect(
      (await octokit.issues.listSubIssues({ owner, repo, issue_number: parent.number })).data.map(
        (issue) => issue.title,
      ),
    ).toEqual(["Task B", "Task A"]);
    expect(
      await statusOf(
        octokit.issues.reprioritizeSubIssue({
          owner,
          repo,
          issue_number: parent.number,
          sub_issue_id: sibling.id,
        }),
      ),
    ).toBe(422);

    const removed = await octokit.issues.removeSubIssue({
      owner,
      repo,
      issue_number: parent.number,
      sub_issue_id: sibling.id,
    });
    expect(removed.data.sub_issues_summary?.total).toBe(1);
    expect(
      await statusOf(
        octokit.issues.removeSubIssue({ owner, repo, issue_number: parent.number, sub_issue_id: sibling.id }),
      ),
    ).toBe(404);
    await emulator.waitForIdle();
    expect(receiver.ofEvent("sub_issues", "sub_issue_added")).toHaveLength(2);
    expect(receiver.ofEvent("sub_issues", "parent_issue_added")).toHaveLength(2);
    expect(receiver.ofEvent("sub_issues", "sub_issue_removed")[0]?.payload).toMatchObject({
      parent_issue_id: parent.id,
      sub_issue_id: sibling.id,
    });
  });

  it("answers 404 when an issue number is sent where GitHub wants the database id", async () => {
    const parent = await newIssue("Parent");
    const child = await newIssue("Child");
    expect(child.number).not.toBe(child.id);
    expect(
      await errorBodyOf(
        octokit.issues.addSubIssue({ owner, repo, issue_number: parent.number, sub_issue_id: child.number }),
      ),
    ).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/issues/sub-issues#add-sub-issue",
      status: "404",
    });
    expect(
      await statusOf(
        octokit.issues.addBlockedByDependency({
          owner,
          repo,
          issue_number: parent.number,
          issue_id: child.number,
        }),
      ),
    ).toBe(404);
  });

  it("allows one parent per issue unless replace_parent is set", async () => {
    const first = await newIssue("First parent");
    const second = await newIssue("Second parent");
    const child = await newIssue("Only child");
    await octokit.issues.addSubIssue({ owner, repo, issue_number: first.number, sub_issue_id: child.id });
    expect(
      await errorBodyOf(
        octokit.issues.addSubIssue({ owner, repo, issue_number: second.number, sub_issue_id: child.id }),
      ),
    ).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "Issue",
          code: "custom",
          field: "sub_issue_id",
          message: "Issue may only have one parent",
        },
      ],
      status: "422",
    });
    await octokit.issues.addSubIssue({
      owner,
      repo,
      issue_number: second.number,
      sub_issue_id: child.id,
      replace_parent: true,
    });
    expect((await octokit.issues.getParent({ owner, repo, issue_number: child.number })).data.id).toBe(
      second.id,
    );
    expect((await octokit.issues.listSubIssues({ owner, repo, issue_number: first.number })).data).toEqual(
      [],
    );
    expect(
      await statusOf(
        octokit.issues.addSubIssue({ owner, repo, issue_number: child.number, sub_issue_id: child.id }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.issues.addSubIssue({ owner, repo, issue_number: child.number, sub_issue_id: second.id }),
      ),
    ).toBe(422);
  });

  it("refuses the 101st sub-issue", async () => {
    const parent = await newIssue("Big plan");
    const children = [];
    for (let index = 0; index < 101; index++) children.push(await newIssue(`Child ${index}`));
    for (const child of children.slice(0, 100)) {
      await octokit.issues.addSubIssue({ owner, repo, issue_number: parent.number, sub_issue_id: child.id });
    }
    const last = children[100];
    expect(
      await errorBodyOf(
        octokit.issues.addSubIssue({ owner, repo, issue_number: parent.number, sub_issue_id: last?.id ?? 0 }),
      ),
    ).toMatchObject({
      message: "Validation Failed",
      errors: [{ message: "Parent issue cannot have more than 100 sub-issues" }],
    });
    const all = await octokit.paginate(octokit.issues.listSubIssues, {
      owner,
      repo,
      issue_number: parent.number,
      per_page: 100,
    });
    expect(all).toHaveLength(100);
  });

  it("refuses nesting deeper than 8 levels", async () => {
    const chain = [];
    for (let level = 1; level <= 9; level++) chain.push(await newIssue(`Level ${level}`));
    for (let level = 1; level < 8; level++) {
      const [parent, child] = [chain[level - 1], chain[level]];
      await octokit.issues.addSubIssue({
        owner,
        repo,
        issue_number: parent?.number ?? 0,
        sub_issue_id: child?.id ?? 0,
      });
    }
    expect(
      await errorBodyOf(
        octokit.issues.addSubIssue({
          owner,
          repo,
          issue_number: chain[7]?.number ?? 0,
          sub_issue_id: chain[8]?.id ?? 0,
        }),
      ),
    ).toMatchObject({ errors: [{ message: "Sub-issues cannot be nested more than 8 levels deep" }] });
  });

  it("records blocked-by links both ways, up to 50 per issue, without cycles", async () => {
    const blocked = await newIssue("Blocked");
    const blockers = [];
    for (let index = 0; index < 51; index++) blockers.push(await newIssue(`Blocker ${index}`));
    const first = await octokit.issues.addBlockedByDependency({
      owner,
      repo,
      issue_number: blocked.number,
      issue_id: blockers[0]?.id ?? 0,
    });
    expect(first.status).toBe(201);
    expect(first.data.issue_dependencies_summary).toMatchObject({ blocked_by: 1, total_blocked_by: 1 });
    expect(
      await statusOf(
        octokit.issues.addBlockedByDependency({
          owner,
          repo,
          issue_number: blocked.number,
          issue_id: blockers[0]?.id ?? 0,
        }),
      ),
    ).toBe(422);
    for (const blocker of blockers.slice(1, 50)) {
      await octokit.issues.addBlockedByDependency({
        owner,
        repo,
        issue_number: blocked.number,
        issue_id: blocker.id,
      });
    }
    expect(
      await errorBodyOf(
        octokit.issues.addBlockedByDependency({
          owner,
          repo,
          issue_number: blocked.number,
          issue_id: blockers[50]?.id ?? 0,
        }),
      ),
    ).toMatchObject({
      message: "Validation Failed",
      errors: [{ message: "An issue cannot be blocked by more than 50 issues" }],
    });
    const blockedBy = await octokit.paginate(octokit.issues.listDependenciesBlockedBy, {
      owner,
      repo,
      issue_number: blocked.number,
      per_page: 20,
    });
    expect(blockedBy).toHaveLength(50);
    const blocking = await octokit.issues.listDependenciesBlocking({
      owner,
      repo,
      issue_number: blockers[0]?.number ?? 0,
    });
    expect(blocking.data.map((issue) => issue.id)).toEqual([blocked.id]);
    expect(
      await statusOf(
        octokit.issues.addBlockedByDependency({
          owner,
          repo,
          issue_number: blockers[0]?.number ?? 0,
          issue_id: blocked.id,
        }),
      ),
    ).toBe(422);
    const removed = await octokit.issues.removeDependencyBlockedBy({
      owner,
      repo,
      issue_number: blocked.number,
      issue_id: blockers[0]?.id ?? 0,
    });
    expect(removed.data.issue_dependencies_summary).toMatchObject({ total_blocked_by: 49 });
    expect(
      await statusOf(
        octokit.issues.removeDependencyBlockedBy({
          owner,
          repo,
          issue_number: blocked.number,
          issue_id: blockers[0]?.id ?? 0,
        }),
      ),
    ).toBe(404);
    await emulator.waitForIdle();
    expect(receiver.ofEvent("issue_dependencies", "blocked_by_added")).toHaveLength(50);
    expect(receiver.ofEvent("issue_dependencies", "blocking_removed")).toHaveLength(1);
  });
});
