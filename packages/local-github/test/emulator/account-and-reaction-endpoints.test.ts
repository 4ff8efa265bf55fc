import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, installationToken, startTestEmulator, statusOf } from "./emulator-fixture.ts";

/** The read endpoints `foreman doctor` and `foreman mcp` taught the local GitHub, checked against the spec. */
describe("local GitHub: who am I, an organization's app installations, a comment's reactions", () => {
  let setup: Awaited<ReturnType<typeof startTestEmulator>>;
  beforeAll(async () => {
    setup = await startTestEmulator();
    await setup.emulator.addCollaborator("acme/demo", "alice", "write");
  });
  afterAll(async () => setup.emulator.close());

  it("GET /user names the token's user; an installation token gets 403 as on GitHub", async () => {
    const { emulator } = setup;
    const alice = clientFor(emulator, emulator.userToken("alice"));
    expect((await alice.users.getAuthenticated()).data).toMatchObject({ login: "alice", type: "User" });
    const app = await emulator.createApp({
      webhookUrl: "http://127.0.0.1:9/",
      webhookSecret: "s",
      slug: "probe",
    });
    const bot = clientFor(emulator, await installationToken(emulator, app));
    expect(await statusOf(bot.users.getAuthenticated())).toBe(403);
    expect(emulator.violations()).toEqual([]);
  });

  it("GET /orgs/{org}/installations lists installations for an owner and refuses others", async () => {
    const { emulator, octokit } = setup;
    const { data } = await octokit.request("GET /orgs/{org}/installations", { org: "acme" });
    expect(data).toMatchObject({ total_count: 1, installations: [{ app_slug: "probe" }] });
    const alice = clientFor(emulator, emulator.userToken("alice"));
    expect(await statusOf(alice.request("GET /orgs/{org}/installations", { org: "acme" }))).toBe(403);
    expect(await statusOf(octokit.request("GET /orgs/{org}/installations", { org: "nobody" }))).toBe(404);
    expect(emulator.violations()).toEqual([]);
  });

  it("GET …/issues/comments/{id}/reactions lists who reacted, filtered by content", async () => {
    const { emulator, octokit } = setup;
    const { data: issue } = await octokit.issues.create({ owner: "acme", repo: "demo", title: "x" });
    const { data: comment } = await octokit.issues.createComment({
      owner: "acme",
      repo: "demo",
      issue_number: issue.number,
      body: "/foreman pause",
    });
    const alice = clientFor(emulator, emulator.userToken("alice"));
    await alice.reactions.createForIssueComment({
      owner: "acme",
      repo: "demo",
      comment_id: comment.id,
      content: "+1",
    });
    await octokit.reactions.createForIssueComment({
      owner: "acme",
      repo: "demo",
      comment_id: comment.id,
      content: "eyes",
    });
    const all = await octokit.reactions.listForIssueComment({
      owner: "acme",
      repo: "demo",
      comment_id: comment.id,
    });
    expect(all.data.map((reaction) => [reaction.user?.login, reaction.content])).toEqual([
      ["alice", "+1"],
      ["octo-admin", "eyes"],
    ]);
    const eyes = await octokit.reactions.listForIssueComment({
      owner: "acme",
      repo: "demo",
      comment_id: comment.id,
      content: "eyes",
    });
    expect(eyes.data).toHaveLength(1);
    expect(
      await statusOf(octokit.reactions.listForIssueComment({ owner: "acme", repo: "demo", comment_id: 1 })),
    ).toBe(404);
    expect(emulator.violations()).toEqual([]);
  });
});
