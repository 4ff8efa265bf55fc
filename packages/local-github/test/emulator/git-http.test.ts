import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { runGit } from "../../src/git/run-git.ts";
import { installationToken, startTestEmulator, startWebhookReceiver } from "./emulator-fixture.ts";

/** git as a person runs it, but never prompting for a password. */
async function git(args: string[], cwd: string) {
  return runGit(["-c", "credential.helper=", ...args], {
    cwd,
    env: { GIT_TERMINAL_PROMPT: "0" },
    okExitCodes: [1, 128],
  });
}

describe("git over HTTP with GitHub's token rules", () => {
  let emulator: Emulator;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let work: string;
  let app: Awaited<ReturnType<Emulator["createApp"]>>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator } = await startTestEmulator());
    app = await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "secret", events: ["push"] });
    await emulator.addCollaborator("acme/demo", "writer", "write");
    await emulator.addCollaborator("acme/demo", "reader", "read");
    work = await mkdtemp(join(tmpdir(), "git-http-"));
  });

  afterAll(async () => {
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
    await rm(work, { recursive: true, force: true });
  });

  const remote = (token?: string) => {
    const url = new URL(`${emulator.url}/acme/demo.git`);
    if (token) {
      url.username = "x-access-token";
      url.password = token;
    }
    return url.href;
  };

  async function commitIn(dir: string, file: string): Promise<void> {
    await writeFile(join(dir, file), `${file}\n`);
    await git(["add", file], dir);
    await git(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", file], dir);
  }

  it("clones without credentials and refuses an anonymous push", async () => {
    const dir = join(work, "anonymous");
    const clone = await git(["clone", "-q", remote(), dir], work);
    expect(clone.exitCode).toBe(0);
    await commitIn(dir, "anonymous.txt");
    const push = await git(["push", "origin", "HEAD:refs/heads/anonymous"], dir);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/Authentication|could not read Username|401/i);
  });

  it("refuses a push with a reader's token and a wrong token", async () => {
    const dir = join(work, "reader");
    await git(["clone", "-q", remote(emulator.userToken("reader")), dir], work);
    await commitIn(dir, "reader.txt");
    const denied = await git(["push", "origin", "HEAD:refs/heads/reader"], dir);
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/403|denied/);
    const wrong = await git(["push", remote("ghp_not-a-token"), "HEAD:refs/heads/reader"], dir);
    expect(wrong.exitCode).not.toBe(0);
  });

  it("accepts a writer's and an installation's push, and the push event names who pushed", async () => {
    const dir = join(work, "writer");
    await git(["clone", "-q", remote(emulator.userToken("writer")), dir], work);
    await commitIn(dir, "writer.txt");
    expect((await git(["push", "origin", "HEAD:refs/heads/by-writer"], dir)).exitCode).toBe(0);
    const token = await installationToken(emulator, app);
    await commitIn(dir, "bot.txt");
    expect((await git(["push", remote(token), "HEAD:refs/heads/by-bot"], dir)).exitCode).toBe(0);
    await emulator.waitForIdle();
    const senders = Object.fromEntries(
      receiver
        .ofEvent("push")
        .map((delivery) => [
          String(delivery.payload.ref),
          (delivery.payload.sender as { login: string }).login,
        ]),
    );
    expect(senders).toEqual({ "refs/heads/by-writer": "writer", "refs/heads/by-bot": `${app.slug}[bot]` });
  });

  it("injected git faults: a push refused with a 502, and one that lands but loses its answer", async () => {
    const dir = join(work, "faults");
    await git(["clone", "-q", remote(emulator.userToken("writer")), dir], work);
    await commitIn(dir, "faults.txt");
    const head = (await git(["rev-parse", "HEAD"], dir)).stdout.toString().trim();
    const remoteHead = async () =>
      (await git(["ls-remote", "origin", "refs/heads/faulted"], dir)).stdout.toString().split("\t")[0] ?? "";
    try {
      emulator.injectFaults("api=5xx:1", { operations: ["git/receive-pack"], limit: 1 });
      const refused = await git(["push", "origin", "HEAD:refs/heads/faulted"], dir);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/returned error: 50[23]/);
      expect(await remoteHead()).toBe("");

      emulator.injectFaults("api=applied5xx:1", { operations: ["git/receive-pack"], limit: 1 });
      const lost = await git(["push", "origin", "HEAD:refs/heads/faulted"], dir);
      expect(lost.exitCode).not.toBe(0);
      expect(await remoteHead()).toBe(head);
      // Sending the same push again finds the branch there.
      expect((await git(["push", "origin", "HEAD:refs/heads/faulted"], dir)).exitCode).toBe(0);
    } finally {
      emulator.injectFaults(null);
    }
  });
});
