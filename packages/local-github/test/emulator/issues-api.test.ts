import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { clientFor, errorBodyOf, startTestEmulator, statusOf } from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";

describe("issues, comments, labels and reactions", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    ({ emulator, octokit } = await startTestEmulator());
  });

  afterAll(async () => {
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
  });

  it("creates, reads and updates issues with numbers and database ids kept apart", async () => {
    const created = await octokit.issues.create({
      owner,
      repo,
      title: "First",
      body: "Body",
      labels: ["bug", "brand-new"],
      assignees: ["octo-admin"],
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(created.data.url);
    expect(created.data).toMatchObject({
      number: 1,
      state: "open",
      title: "First",
      body: "Body",
      comments: 0,
    });
    expect(created.data.id).not.toBe(created.data.number);
    expect(created.data.labels.map((label) => (typeof label === "string" ? label : label.name))).toEqual([
      "bug",
      "brand-new",
    ]);
    expect(created.data.assignees?.map((user) => user.login)).toEqual(["octo-admin"]);
    expect(created.data.pull_request).toBeUndefined();

    const fetched = await octokit.issues.get({ owner, repo, issue_number: 1 });
    expect(fetched.data.id).toBe(created.data.id);
    const closed = await octokit.issues.update({
      owner,
      repo,
      issue_number: 1,
      state: "closed",
      state_reason: "not_planned",
      title: "First!",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned", title: "First!" });
    expect(closed.data.closed_by?.login).toBe("octo-admin");
    const reopened = await octokit.issues.update({ owner, repo, issue_number: 1, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    const relabeled = await octokit.issues.update({ owner, repo, issue_number: 1, labels: ["question"] });
    expect(relabeled.data.labels.map((label) => (typeof label === "string" ? label : label.name))).toEqual([
      "question",
    ]);
    expect(await statusOf(octokit.issues.get({ owner, repo, issue_number: 999 }))).toBe(404);
  });

  it("lists issues with GitHub's filters, sorting and link-header pagination", async () => {
    const other = clientFor(emulator, emulator.userToken("mona"));
    await octokit.issues.create({ owner, repo, title: "Second", labels: ["bug"] });
    await other.issues.create({ owner, repo, title: "Third" });
    const fourth = await octokit.issues.create({ owner, repo, title: "Fourth", labels: ["bug", "question"] });
    await octokit.issues.update({ owner, repo, issue_number: fourth.data.number, state: "closed" });

    type ListQuery = Omit<NonNullable<Parameters<typeof octokit.issues.listForRepo>[0]>, "owner" | "repo">;
    const titles = async (query: ListQuery) =>
      (await octokit.issues.listForRepo({ owner, repo, ...query })).data.map((issue) => issue.title);
    expect(await titles({})).toEqual(["Third", "Second", "First!"]);
    expect(await titles({ state: "all", direction: "asc" })).toEqual(["First!", "Second", "Third", "Fourth"]);
    expect(await titles({ state: "closed" })).toEqual(["Fourth"]);
    expect(await titles({ state: "all", labels: "bug,question" })).toEqual(["Fourth"]);
    expect(await titles({ creator: "mona" })).toEqual(["Third"]);
    expect(await titles({ assignee: "octo-admin" })).toEqual(["First!"]);
    expect(await titles({ assignee: "none" })).toEqual(["Third", "Second"]);
    expect(await titles({ since: "2999-01-01T00:00:00Z" })).toEqual([]);
    await octokit.issues.createComment({ owner, repo, issue_number: 2, body: "one" });
    expect((await titles({ sort: "comments" }))[0]).toBe("Second");

    const page = await octokit.issues.listForRepo({ owner, repo, state: "all", per_page: 1, page: 2 });
    expect(page.data.map((issue) => issue.title)).toEqual(["Third"]);
    const link = page.headers.link ?? "";
    expect(link).toContain(
      `<${emulator.url}/repos/acme/demo/issues?state=all&per_page=1&page=3>; rel="next"`,
    );
    expect(link).toContain(`page=4>; rel="last"`);
    expect(link).toContain(`page=1>; rel="prev"`);
    expect(link).toContain(`page=1>; rel="first"`);
    const all = await octokit.paginate(octokit.issues.listForRepo, {
      owner,
      repo,
      state: "all",
      per_page: 1,
    });
    expect(all).toHaveLength(4);
    expect((await octokit.issues.listForRepo({ owner, repo, per_page: 100 })).headers.link).toBeUndefined();
  });

  it("answers invalid requests in GitHub's error shapes", async () => {
    expect(
      await errorBodyOf(octokit.request("GET /repos/{owner}/{repo}/nothing-here", { owner, repo })),
    ).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest",
      status: "404",
    });
    // Untyped routes, so the test can send what the types would refuse.
    const createIssue: string = "POST /repos/{owner}/{repo}/issues";
    const listIssues: string = "GET /repos/{owner}/{repo}/issues";
    expect(await errorBodyOf(octokit.request(createIssue, { owner, repo }))).toEqual({
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "missing_field", field: "title" }],
      documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
      status: "422",
    });
    const wrongType = await errorBodyOf(
      octokit.request(createIssue, { owner, repo, title: "x", labels: "bug" }),
    );
    expect(wrongType).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "invalid", field: "labels" }],
    });
    expect(
      await statusOf(octokit.request("GET /repos/{owner}/{repo}/issues/not-a-number", { owner, repo })),
    ).toBe(404);
    expect(await errorBodyOf(octokit.request(listIssues, { owner, repo, state: "sideways" }))).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "invalid", field: "state" }],
    });
    const malformed = await fetch(`${emulator.url}/repos/acme/demo/issues`, {
      method: "POST",
      headers: { authorization: `token ${emulator.token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: "Problems parsing JSON" });
    expect(await statusOf(octokit.repos.get({ owner: "acme", repo: "missing" }))).toBe(404);
    // A route GitHub has but the emulator does not serve: GitHub's 404, counted as unimplemented.
    expect(await statusOf(octokit.repos.listForOrg({ org: "acme" }))).toBe(404);
    expect(emulator.stats().requests.unimplemented).toEqual({ "repos/list-for-org": 1 });
  });

  it("creates, lists, edits and deletes comments", async () => {
    const mona = clientFor(emulator, emulator.userToken("mona"));
    const first = await mona.issues.createComment({ owner, repo, issue_number: 1, body: "from mona" });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({
      body: "from mona",
      user: { login: "mona" },
      author_association: "NONE",
    });
    const second = await octokit.issues.createComment({ owner, repo, issue_number: 1, body: "from admin" });
    const listed = await octokit.issues.listComments({ owner, repo, issue_number: 1 });
    expect(listed.data.map((comment) => comment.body)).toEqual(["from mona", "from admin"]);
    expect((await octokit.issues.get({ owner, repo, issue_number: 1 })).data.comments).toBe(2);
    const edited = await mona.issues.updateComment({
      owner,
      repo,
      comment_id: first.data.id,
      body: "edited",
    });
    expect(edited.data.body).toBe("edited");
    expect((await octokit.issues.getComment({ owner, repo, comment_id: first.data.id })).data.body).toBe(
      "edited",
    );
    expect(
      await statusOf(mona.issues.updateComment({ owner, repo, comment_id: second.data.id, body: "hijack" })),
    ).toBe(403);
    expect(await statusOf(octokit.issues.deleteComment({ owner, repo, comment_id: first.data.id }))).toBe(
      204,
    );
    expect(await statusOf(octokit.issues.getComment({ owner, repo, comment_id: first.data.id }))).toBe(404);
    expect(await statusOf(octokit.issues.listComments({ owner, repo, issue_number: 999 }))).toBe(404);
  });

  it("manages repository labels and the labels on an issue", async () => {
    const created = await octokit.issues.createLabel({
      owner,
      repo,
      name: "foreman",
      color: "#0E8A16",
      description: "Plans",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: "foreman",
      color: "0e8a16",
      description: "Plans",
      default: false,
    });
    expect(await errorBodyOf(octokit.issues.createLabel({ owner, repo, name: "Foreman" }))).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
    expect((await octokit.issues.getLabel({ owner, repo, name: "foreman" })).data.id).toBe(created.data.id);
    expect(await statusOf(octokit.issues.getLabel({ owner, repo, name: "nope" }))).toBe(404);
    const all = await octokit.paginate(octokit.issues.listLabelsForRepo, { owner, repo, per_page: 5 });
    expect(all.map((label) => label.name)).toContain("foreman");

    const added = await octokit.issues.addLabels({
      owner,
      repo,
      issue_number: 2,
      labels: ["foreman", "bug"],
    });
    expect(added.data.map((label) => label.name)).toEqual(["bug", "foreman"]);
    const set = await octokit.issues.setLabels({ owner, repo, issue_number: 2, labels: ["foreman:invalid"] });
    expect(set.data.map((label) => label.name)).toEqual(["foreman:invalid"]);
    expect(
      (await octokit.issues.listLabelsOnIssue({ owner, repo, issue_number: 2 })).data.map(
        (label) => label.name,
      ),
    ).toEqual(["foreman:invalid"]);
    const removed = await octokit.issues.removeLabel({
      owner,
      repo,
      issue_number: 2,
      name: "foreman:invalid",
    });
    expect(removed.data).toEqual([]);
    expect(
      await errorBodyOf(
        octokit.issues.removeLabel({ owner, repo, issue_number: 2, name: "foreman:invalid" }),
      ),
    ).toMatchObject({
      message: "Label does not exist",
      status: "404",
    });
  });

  it("adds reactions once per user and content", async () => {
    const first = await octokit.reactions.createForIssue({ owner, repo, issue_number: 1, content: "rocket" });
    expect(first.status).toBe(201);
    const again = await octokit.reactions.createForIssue({ owner, repo, issue_number: 1, content: "rocket" });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
    const issue = await octokit.issues.get({ owner, repo, issue_number: 1 });
    expect(issue.data.reactions).toMatchObject({ total_count: 1, rocket: 1 });
    const comment = await octokit.issues.createComment({ owner, repo, issue_number: 1, body: "react to me" });
    const onComment = await octokit.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: comment.data.id,
      content: "eyes",
    });
    expect(onComment.status).toBe(201);
    expect(onComment.data).toMatchObject({ content: "eyes", user: { login: "octo-admin" } });
    expect(
      (await octokit.issues.getComment({ owner, repo, comment_id: comment.data.id })).data.reactions,
    ).toMatchObject({ eyes: 1 });
  });

  it("lists who labelled, closed, reopened and renamed an issue, and when, oldest first", async () => {
    await emulator.addCollaborator("acme/demo", "carol", "triage");
    const carol = clientFor(emulator, emulator.userToken("carol"));
    const { data: created } = await octokit.issues.create({ owner, repo, title: "Events", labels: ["bug"] });
    const issue_number = created.number;
    await carol.issues.addLabels({ owner, repo, issue_number, labels: ["question"] });
    await carol.issues.removeLabel({ owner, repo, issue_number, name: "bug" });
    await octokit.issues.update({ owner, repo, issue_number, body: "edited: body edits leave no event" });
    await octokit.issues.update({ owner, repo, issue_number, title: "Events!", state: "closed" });
    await carol.issues.update({ owner, repo, issue_number, state: "open" });
    const { data: events } = await octokit.issues.listEvents({ owner, repo, issue_number });
    expect(
      events.map((event) => [
        event.event,
        event.actor?.login,
        "label" in event ? event.label.name : "rename" in event ? event.rename.to : null,
      ]),
    ).toEqual([
      ["labeled", "octo-admin", "bug"],
      ["labeled", "carol", "question"],
      ["unlabeled", "carol", "bug"],
      ["renamed", "octo-admin", "Events!"],
      ["closed", "octo-admin", null],
      ["reopened", "carol", null],
    ]);
    for (const event of events) expect(Date.parse(event.created_at)).toBeLessThanOrEqual(Date.now());
    expect(await statusOf(octokit.issues.listEvents({ owner, repo, issue_number: 9999 }))).toBe(404);
  });

  it("sends GitHub's rate-limit headers and counts reads and writes by operation", async () => {
    const response = await octokit.repos.get({ owner, repo });
    expect(Number(response.headers["x-ratelimit-limit"])).toBe(5000);
    expect(Number(response.headers["x-ratelimit-remaining"])).toBeLessThan(5000);
    expect(response.headers["x-ratelimit-resource"]).toBe("core");
    const stats = emulator.stats().requests;
    expect(stats.total).toBe(stats.reads + stats.writes);
    expect(stats.byOperation["issues/create"]).toBeGreaterThanOrEqual(4);
    // Failed requests count too: the 404 for acme/missing above and this one.
    expect(stats.byOperation["repos/get"]).toBe(2);
  });
});
