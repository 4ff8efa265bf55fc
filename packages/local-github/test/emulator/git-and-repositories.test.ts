import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
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

describe("repositories, contents and git refs", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gitDir: string;
  let mainSha: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator, octokit } = await startTestEmulator());
    await emulator.createApp({
      webhookUrl: receiver.url,
      webhookSecret: "secret",
      events: ["push", "create", "delete"],
    });
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
    mainSha = (await octokit.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
  });

  it("describes the repository with a clone URL pointing at the bare repository", async () => {
    const { data } = await octokit.repos.get({ owner, repo });
    expect(data).toMatchObject({
      full_name: "acme/demo",
      default_branch: "main",
      owner: { login: "acme", type: "Organization" },
    });
    expect(data.clone_url).toBe(`file://${gitDir}`);
    expect(data.permissions).toEqual({ admin: true, maintain: true, push: true, triage: true, pull: true });
    const reader = clientFor(emulator, emulator.userToken("reader"));
    expect((await reader.repos.get({ owner, repo })).data.permissions).toMatchObject({
      admin: false,
      push: false,
      pull: true,
    });
    expect(await statusOf(octokit.repos.get({ owner, repo: "nope" }))).toBe(404);
  });

  it("serves files and directories with base64 content and blob shas", async () => {
    const readme = await octokit.repos.getContent({ owner, repo, path: "README.md" });
    if (Array.isArray(readme.data) || readme.data.type !== "file") throw new Error("expected a file");
    expect(Buffer.from(readme.data.content, "base64").toString("utf8")).toContain("# acme/demo");
    expect(readme.data.encoding).toBe("base64");
    expect(readme.data.sha).toMatch(/^[0-9a-f]{40}$/);
    const workflows = await octokit.repos.getContent({ owner, repo, path: ".github/workflows" });
    expect(Array.isArray(workflows.data) && workflows.data.map((entry) => entry.name)).toContain(
      "foreman-task.yml",
    );
    const root = await octokit.repos.getContent({ owner, repo, path: "" });
    expect(Array.isArray(root.data) && root.data.find((entry) => entry.name === "src")?.type).toBe("dir");
    expect(await statusOf(octokit.repos.getContent({ owner, repo, path: "missing.txt" }))).toBe(404);
    const atSha = await octokit.repos.getContent({ owner, repo, path: "package.json", ref: mainSha });
    expect(atSha.status).toBe(200);
    // The raw media type (what Probot's config loader asks for) answers with the file's bytes.
    const raw = await octokit.repos.getContent({
      owner,
      repo,
      path: "package.json",
      mediaType: { format: "raw" },
    });
    expect(raw.headers["content-type"]).toBe("application/vnd.github.raw; charset=utf-8");
    expect(JSON.parse(String(raw.data))).toMatchObject({ scripts: { test: "node --test" } });
    const rawDirectory = await octokit.repos.getContent({
      owner,
      repo,
      path: "src",
      mediaType: { format: "raw" },
    });
    expect(rawDirectory.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("lists branches, reads one with its protection and the rules that require the test check", async () => {
    await pushFiles(gitDir, { branch: "topic", files: { "notes.txt": "hi\n" }, message: "Notes" });
    const branches = await octokit.repos.listBranches({ owner, repo });
    expect(branches.data.map((branch) => [branch.name, branch.protected])).toEqual([
      ["main", true],
      ["topic", false],
    ]);
    expect(
      (await octokit.repos.listBranches({ owner, repo, protected: true })).data.map((branch) => branch.name),
    ).toEqual(["main"]);
    const main = await octokit.repos.getBranch({ owner, repo, branch: "main" });
    expect(main.data).toMatchObject({ name: "main", protected: true, commit: { sha: mainSha } });
    expect(main.data.protection.required_status_checks?.contexts).toEqual(["test"]);
    const protection = await octokit.repos.getBranchProtection({ owner, repo, branch: "main" });
    expect(protection.data.required_status_checks).toMatchObject({
      contexts: ["test"],
      checks: [{ context: "test", app_id: null }],
    });
    expect(
      await errorBodyOf(octokit.repos.getBranchProtection({ owner, repo, branch: "topic" })),
    ).toMatchObject({
      message: "Branch not protected",
    });
    const rules = await octokit.repos.getBranchRules({ owner, repo, branch: "main" });
    expect(rules.data).toEqual([
      expect.objectContaining({
        type: "required_status_checks",
        parameters: expect.objectContaining({ required_status_checks: [{ context: "test" }] }),
      }),
    ]);
    expect((await octokit.repos.getBranchRules({ owner, repo, branch: "topic" })).data).toEqual([]);
    expect(await statusOf(octokit.repos.getBranch({ owner, repo, branch: "nope" }))).toBe(404);
  });

  it("shows commits with their files, through both commit APIs", async () => {
    const sha = await pushFiles(gitDir, {
      branch: "topic",
      files: { "notes.txt": "hi\nthere\n", "new.txt": "x\n" },
      message: "More notes",
    });
    const commit = await octokit.repos.getCommit({ owner, repo, ref: sha });
    expect(commit.data.commit.message).toBe("More notes");
    expect(commit.data.files?.map((file) => [file.filename, file.status, file.additions])).toEqual([
      ["new.txt", "added", 1],
      ["notes.txt", "modified", 1],
    ]);
    expect((await octokit.repos.getCommit({ owner, repo, ref: "topic" })).data.sha).toBe(sha);
    const root = await octokit.repos.getCommit({ owner, repo, ref: mainSha });
    expect(root.data.files?.map((file) => file.filename)).toContain("README.md");
    expect(await statusOf(octokit.repos.getCommit({ owner, repo, ref: "no-such-ref" }))).toBe(422);
    const gitCommit = await octokit.git.getCommit({ owner, repo, commit_sha: sha });
    expect(gitCommit.data).toMatchObject({
      sha,
      message: "More notes",
      author: { name: "Dev", email: "dev@example.com" },
    });
    expect(gitCommit.data.parents).toHaveLength(1);
    expect(await statusOf(octokit.git.getCommit({ owner, repo, commit_sha: "0".repeat(40) }))).toBe(404);
  });

  it("creates refs atomically: a second create of the same ref gets 422", async () => {
    const created = await octokit.git.createRef({
      owner,
      repo,
      ref: "refs/heads/foreman/1/t1",
      sha: mainSha,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      ref: "refs/heads/foreman/1/t1",
      object: { sha: mainSha, type: "commit" },
    });
    expect(
      await errorBodyOf(octokit.git.createRef({ owner, repo, ref: "refs/heads/foreman/1/t1", sha: mainSha })),
    ).toEqual({
      message: "Reference already exists",
      documentation_url: "https://docs.github.com/rest/git/refs#create-a-reference",
      status: "422",
    });
    expect(
      await statusOf(octokit.git.createRef({ owner, repo, ref: "refs/heads/bad..name", sha: mainSha })),
    ).toBe(422);
    expect(
      await statusOf(octokit.git.createRef({ owner, repo, ref: "refs/heads/x", sha: "f".repeat(40) })),
    ).toBe(422);
  });

  it("lets exactly one of many concurrent creates of a ref win", async () => {
    const other = clientFor(emulator, emulator.userToken("replica"));
    await emulator.addCollaborator("acme/demo", "replica", "write");
    const attempts = Array.from({ length: 8 }, (_, index) =>
      statusOf(
        (index % 2 === 0 ? octokit : other).git.createRef({
          owner,
          repo,
          ref: "refs/heads/foreman/1/claim",
          sha: mainSha,
        }),
      ),
    );
    const statuses = await Promise.all(attempts);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 422)).toHaveLength(7);
  });

  it("reads, lists, moves and deletes refs", async () => {
    const ref = await octokit.git.getRef({ owner, repo, ref: "heads/foreman/1/t1" });
    expect(ref.data.object.sha).toBe(mainSha);
    expect(await statusOf(octokit.git.getRef({ owner, repo, ref: "heads/foreman/none" }))).toBe(404);
    const matching = await octokit.git.listMatchingRefs({ owner, repo, ref: "heads/foreman/1/" });
    expect(matching.data.map((entry) => entry.ref)).toEqual([
      "refs/heads/foreman/1/claim",
      "refs/heads/foreman/1/t1",
    ]);
    const topic = (await octokit.git.getRef({ owner, repo, ref: "heads/topic" })).data.object.sha;
    const moved = await octokit.git.updateRef({ owner, repo, ref: "heads/foreman/1/t1", sha: topic });
    expect(moved.data.object.sha).toBe(topic);
    expect(
      await errorBodyOf(octokit.git.updateRef({ owner, repo, ref: "heads/foreman/1/t1", sha: mainSha })),
    ).toMatchObject({
      message: "Update is not a fast forward",
    });
    expect(
      (await octokit.git.updateRef({ owner, repo, ref: "heads/foreman/1/t1", sha: mainSha, force: true }))
        .data.object.sha,
    ).toBe(mainSha);
    expect(await statusOf(octokit.git.deleteRef({ owner, repo, ref: "heads/foreman/1/t1" }))).toBe(204);
    expect(
      await errorBodyOf(octokit.git.deleteRef({ owner, repo, ref: "heads/foreman/1/t1" })),
    ).toMatchObject({
      message: "Reference does not exist",
    });
    expect(
      await statusOf(octokit.git.updateRef({ owner, repo, ref: "heads/foreman/1/t1", sha: mainSha })),
    ).toBe(422);
  });

  it("turns pushes and ref writes into push, create and delete webhooks", async () => {
    await emulator.waitForIdle();
    const created = receiver.ofEvent("create").map((delivery) => delivery.payload.ref);
    expect(created).toEqual(expect.arrayContaining(["topic", "foreman/1/t1", "foreman/1/claim"]));
    expect(receiver.ofEvent("delete").map((delivery) => delivery.payload.ref)).toEqual(["foreman/1/t1"]);
    const pushes = receiver.ofEvent("push").filter((delivery) => delivery.payload.ref === "refs/heads/topic");
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.payload).toMatchObject({
      created: false,
      deleted: false,
      forced: false,
      commits: [
        expect.objectContaining({ message: "More notes", added: ["new.txt"], modified: ["notes.txt"] }),
      ],
      sender: { login: "octo-admin" },
    });
    const forcedBack = receiver
      .ofEvent("push")
      .find(
        (delivery) => delivery.payload.ref === "refs/heads/foreman/1/t1" && delivery.payload.forced === true,
      );
    expect(forcedBack?.payload.after).toBe(mainSha);
  });

  it("reports collaborator permissions in GitHub's legacy and role forms", async () => {
    await emulator.addCollaborator("acme/demo", "triager", "triage");
    const triager = await octokit.repos.getCollaboratorPermissionLevel({ owner, repo, username: "triager" });
    expect(triager.data).toMatchObject({ permission: "read", role_name: "triage" });
    const admin = await octokit.repos.getCollaboratorPermissionLevel({ owner, repo, username: "octo-admin" });
    expect(admin.data).toMatchObject({ permission: "admin", role_name: "admin" });
    emulator.userToken("outsider");
    expect(
      (await octokit.repos.getCollaboratorPermissionLevel({ owner, repo, username: "outsider" })).data
        .permission,
    ).toBe("read");
    expect(
      await statusOf(octokit.repos.getCollaboratorPermissionLevel({ owner, repo, username: "never-seen" })),
    ).toBe(404);
  });
});
