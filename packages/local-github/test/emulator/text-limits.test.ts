import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { errorBodyOf, pushFiles, startTestEmulator, statusOf } from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";

describe("GitHub's text limits and encodings", () => {
  let emulator: Emulator;
  let octokit: Awaited<ReturnType<typeof startTestEmulator>>["octokit"];

  beforeAll(async () => {
    ({ emulator, octokit } = await startTestEmulator());
  });

  afterAll(async () => {
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
  });

  const rawPost = (path: string, body: Buffer | string) =>
    fetch(`${emulator.url}${path}`, {
      method: "POST",
      headers: { authorization: `token ${emulator.token}`, "content-type": "application/json" },
      body,
    });

  it("refuses an issue body over 65,536 characters with GitHub's 422 and creates nothing", async () => {
    const before = (await octokit.issues.listForRepo({ owner, repo, state: "all" })).data.length;
    const call = octokit.issues.create({ owner, repo, title: "Long", body: "a".repeat(65_537) });
    expect(await errorBodyOf(call)).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "Issue",
          code: "custom",
          field: "body",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
    });
    expect((await octokit.issues.listForRepo({ owner, repo, state: "all" })).data).toHaveLength(before);
  });

  it("counts characters, not UTF-16 units: 65,536 emoji fit, one more does not", async () => {
    const fits = await octokit.issues.create({
      owner,
      repo,
      title: "🙂".repeat(256),
      body: "🙂".repeat(65_536),
    });
    expect(fits.status).toBe(201);
    expect(fits.data.body).toBe("🙂".repeat(65_536));
    expect(
      await statusOf(octokit.issues.create({ owner, repo, title: "x", body: "🙂".repeat(65_537) })),
    ).toBe(422);
  });

  it("refuses a title over 256 characters, both errors at once when both are too long", async () => {
    const call = octokit.issues.create({ owner, repo, title: "t".repeat(257), body: "b".repeat(70_000) });
    expect(await errorBodyOf(call)).toMatchObject({
      errors: [
        { resource: "Issue", field: "title", message: "title is too long (maximum is 256 characters)" },
        { resource: "Issue", field: "body", message: "body is too long (maximum is 65536 characters)" },
      ],
    });
  });

  it("refuses an update over the limits and keeps the issue as it was", async () => {
    const issue = (await octokit.issues.create({ owner, repo, title: "Kept", body: "short" })).data;
    expect(
      await statusOf(
        octokit.issues.update({ owner, repo, issue_number: issue.number, body: "c".repeat(65_537) }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.issues.update({ owner, repo, issue_number: issue.number, title: "c".repeat(300) }),
      ),
    ).toBe(422);
    const after = (await octokit.issues.get({ owner, repo, issue_number: issue.number })).data;
    expect({ title: after.title, body: after.body }).toEqual({ title: "Kept", body: "short" });
  });

  it("refuses a comment over 65,536 characters as GitHub does, on create and on edit", async () => {
    const issue = (await octokit.issues.create({ owner, repo, title: "Comments" })).data;
    const create = octokit.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: "d".repeat(65_537),
    });
    expect(await errorBodyOf(create)).toMatchObject({
      errors: [
        {
          resource: "IssueComment",
          code: "unprocessable",
          field: "data",
          message: "Body is too long (maximum is 65536 characters)",
        },
      ],
    });
    const comment = (
      await octokit.issues.createComment({
        owner,
        repo,
        issue_number: issue.number,
        body: "d".repeat(65_536),
      })
    ).data;
    expect(
      await statusOf(
        octokit.issues.updateComment({ owner, repo, comment_id: comment.id, body: "e".repeat(65_537) }),
      ),
    ).toBe(422);
    expect((await octokit.issues.listComments({ owner, repo, issue_number: issue.number })).data).toEqual([
      expect.objectContaining({ id: comment.id, body: "d".repeat(65_536) }),
    ]);
  });

  it("refuses a pull request body over the limit", async () => {
    const { gitDir } = await emulator.seedRepository("acme/demo");
    await pushFiles(gitDir, { branch: "long-body", files: { "x.txt": "x\n" }, message: "x" });
    await emulator.waitForIdle();
    const call = octokit.pulls.create({
      owner,
      repo,
      title: "PR",
      head: "long-body",
      base: "main",
      body: "p".repeat(65_537),
    });
    expect(await errorBodyOf(call)).toMatchObject({
      errors: [
        { resource: "Issue", field: "body", message: "body is too long (maximum is 65536 characters)" },
      ],
    });
    expect((await octokit.pulls.list({ owner, repo, state: "all" })).data).toEqual([]);
  });

  it("keeps NUL characters in titles and bodies", async () => {
    const issue = (await octokit.issues.create({ owner, repo, title: "nul\u0000title", body: "a\u0000b" }))
      .data;
    const read = (await octokit.issues.get({ owner, repo, issue_number: issue.number })).data;
    expect({ title: read.title, body: read.body }).toEqual({ title: "nul\u0000title", body: "a\u0000b" });
  });

  it("answers 400 to a lone surrogate or bytes that are not UTF-8, and creates nothing", async () => {
    const before = (await octokit.issues.listForRepo({ owner, repo, state: "all" })).data.length;
    for (const body of [
      '{"title":"half \\ud83d pair"}',
      '{"title":"low \\ude00 first"}',
      Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    ]) {
      const response = await rawPost(`/repos/${owner}/${repo}/issues`, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: "Problems parsing JSON" });
    }
    const paired = await rawPost(`/repos/${owner}/${repo}/issues`, '{"title":"pair \\ud83d\\ude00"}');
    expect(paired.status).toBe(201);
    expect(((await paired.json()) as { title: string }).title).toBe("pair 😀");
    expect((await octokit.issues.listForRepo({ owner, repo, state: "all" })).data).toHaveLength(before + 1);
  });
});
