import { execFile } from "node:child_process";
import { sign } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { Octokit } from "@octokit/rest";

/** git in a directory, its output as text. */
export async function gitText(args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)("git", [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Octokit without retries or throttling, so every status the local GitHub answers reaches the test. */
export function clientFor(emulator: { url: string; token: string }, token = emulator.token): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: emulator.url,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

/** An app's webhook endpoint that accepts every delivery: the Action's tests watch GitHub, not webhooks. */
export async function startWebhookReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the receiver has no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An installation token minted through the real `/app/installations/{id}/access_tokens` with an app JWT. */
export async function installationToken(
  emulator: { url: string; token: string },
  app: { appId: number; privateKey: string; installationId: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 30, exp: now + 540, iss: app.appId })}`;
  const jwt = `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), app.privateKey).toString("base64url")}`;
  const minted = await clientFor(emulator, jwt).apps.createInstallationAccessToken({
    installation_id: app.installationId,
  });
  return minted.data.token;
}

/** Commits files on a branch through a real clone and `git push`, as a developer would. */
export async function pushFiles(
  remote: string,
  options: { branch: string; files: Record<string, string>; message: string },
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "foreman-action-clone-"));
  try {
    await gitText(["clone", "--quiet", remote, work], tmpdir());
    await gitText(["checkout", "--quiet", "-B", options.branch], work);
    for (const [path, content] of Object.entries(options.files)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), content);
    }
    await gitText(["add", "-A"], work);
    await gitText(
      ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", options.message],
      work,
    );
    await gitText(["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`], work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
