import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/start-emulator.ts";
import { STATE_FILE } from "../../src/emulator/state-store.ts";
import { clientFor, installationToken, pushFiles } from "./emulator-fixture.ts";

describe("persistence", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("saves state and repositories to dataDir and loads them on the next start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "emulator-persist-"));
    dirs.push(dataDir);
    const first = await startEmulator({ dataDir, repos: ["acme/demo"] });
    const octokit = clientFor(first);
    const issue = await octokit.issues.create({
      owner: "acme",
      repo: "demo",
      title: "Remember me",
      labels: ["bug"],
    });
    await octokit.issues.createComment({
      owner: "acme",
      repo: "demo",
      issue_number: issue.data.number,
      body: "still here",
    });
    const app = await first.createApp({ webhookUrl: "http://127.0.0.1:9/unused", webhookSecret: "s" });
    const { gitDir } = await first.seedRepository("acme/demo");
    const pushed = await pushFiles(gitDir, {
      branch: "saved",
      files: { "saved.txt": "1\n" },
      message: "Saved",
    });
    const aliceToken = first.userToken("alice");
    await first.waitForIdle();
    expect(first.violations()).toEqual([]);
    await first.close();
    const saved = JSON.parse(await readFile(join(dataDir, STATE_FILE), "utf8"));
    expect(Object.keys(saved.repositories)).toEqual(["acme/demo"]);

    const second = await startEmulator({ dataDir });
    try {
      expect(second.token).toBe(first.token);
      const again = clientFor(second);
      const reloaded = await again.issues.get({
        owner: "acme",
        repo: "demo",
        issue_number: issue.data.number,
      });
      expect(reloaded.data).toMatchObject({ id: issue.data.id, title: "Remember me", comments: 1 });
      expect(
        (await again.git.getRef({ owner: "acme", repo: "demo", ref: "heads/saved" })).data.object.sha,
      ).toBe(pushed);
      const next = await again.issues.create({ owner: "acme", repo: "demo", title: "After restart" });
      expect(next.data.number).toBe(issue.data.number + 1);
      expect(next.data.id).toBeGreaterThan(issue.data.id);
      // The app's key and the users' tokens survive the restart.
      const bot = clientFor(second, await installationToken(second, app));
      expect((await bot.issues.create({ owner: "acme", repo: "demo", title: "bot" })).data.user?.login).toBe(
        "foreman[bot]",
      );
      expect((await clientFor(second, aliceToken).repos.get({ owner: "acme", repo: "demo" })).status).toBe(
        200,
      );
      // Pushes to a reloaded repository still reach the emulator.
      await pushFiles(gitDir, { branch: "saved", files: { "saved.txt": "2\n" }, message: "Saved again" });
      await second.waitForIdle();
      const events = second.deliveries().map((delivery) => delivery.event);
      expect(events).toContain("push");
      expect(second.violations()).toEqual([]);
    } finally {
      await second.close();
    }

    // A data directory that moved (or was copied) opens from its new place.
    const moved = await mkdtemp(join(tmpdir(), "emulator-moved-"));
    dirs.push(moved);
    await cp(dataDir, moved, { recursive: true });
    await rm(dataDir, { recursive: true, force: true });
    const third = await startEmulator({ dataDir: moved });
    try {
      const again = clientFor(third);
      expect(
        (await again.issues.get({ owner: "acme", repo: "demo", issue_number: issue.data.number })).data.title,
      ).toBe("Remember me");
      expect((await again.repos.get({ owner: "acme", repo: "demo" })).data.clone_url).toContain(moved);
      expect((await again.git.getRef({ owner: "acme", repo: "demo", ref: "heads/saved" })).status).toBe(200);
      expect(third.violations()).toEqual([]);
    } finally {
      await third.close();
    }
  });

  it("removes its temporary directory when no dataDir was given", async () => {
    const emulator = await startEmulator({ repos: ["acme/demo"] });
    const { gitDir } = await emulator.seedRepository("acme/demo");
    await emulator.close();
    await expect(readFile(join(gitDir, "HEAD"))).rejects.toThrow();
  });

  it("refuses a state file it cannot read, saying what to do", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "emulator-persist-"));
    dirs.push(dataDir);
    await writeFile(join(dataDir, STATE_FILE), JSON.stringify({ version: 99 }));
    await expect(startEmulator({ dataDir })).rejects.toThrow("move it away to start fresh");
  });
});
