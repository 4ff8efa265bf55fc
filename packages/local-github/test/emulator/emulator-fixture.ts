import { sign } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/start-emulator.ts";
import { gitText } from "../../src/git/run-git.ts";

export interface ReceivedDelivery {
  event: string;
  deliveryId: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: Record<string, unknown>;
  signatureValid: boolean;
}

/** A local HTTP server standing in for an app: records every delivery and checks its signature. */
export async function startWebhookReceiver(secret: string, answerStatus = 200) {
  const webhooks = new Webhooks({ secret });
  const received: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["x-hub-signature-256"] ?? "");
      void webhooks.verify(body, signature).then((signatureValid) => {
        received.push({
          event: String(request.headers["x-github-event"]),
          deliveryId: String(request.headers["x-github-delivery"]),
          headers: request.headers,
          body,
          payload: JSON.parse(body),
          signatureValid,
        });
        response.writeHead(answerStatus).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the receiver has no TCP address");
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    ofEvent: (event: string, action?: string) =>
      received.filter(
        (delivery) =>
          delivery.event === event && (action === undefined || delivery.payload.action === action),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Octokit without retries or throttling, so every status the emulator answers reaches the test. */
export function clientFor(emulator: Pick<Emulator, "url" | "token">, token = emulator.token): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: emulator.url,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

export async function startTestEmulator(options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ repos: ["acme/demo"], ...options });
  return { emulator, octokit: clientFor(emulator) };
}

/** The status an Octokit call failed with, or the response status when it did not fail. */
export async function statusOf(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    if (
      error !== null &&
      typeof error === "object" &&
      "status" in error &&
      typeof error.status === "number"
    ) {
      return error.status;
    }
    throw error;
  }
}

/** The parsed error body of a failed Octokit call. */
export async function errorBodyOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    if (error !== null && typeof error === "object" && "response" in error) {
      const response = error.response;
      if (response !== null && typeof response === "object" && "data" in response) return response.data;
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Commits files on a branch through a real clone and `git push`, as a developer or a runner would. */
export async function pushFiles(
  gitDir: string,
  options: { branch: string; from?: string; files: Record<string, string>; message: string; force?: boolean },
): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "emulator-test-clone-"));
  const git = (...args: string[]) => gitText(args, { cwd: work });
  try {
    await gitText(["clone", "--quiet", gitDir, work], { cwd: tmpdir() });
    const remoteBranches = await git("branch", "-r");
    const start =
      remoteBranches.includes(`origin/${options.branch}`) && !options.force
        ? options.branch
        : (options.from ?? "main");
    await git("checkout", "--quiet", "-B", options.branch, `origin/${start}`);
    for (const [path, content] of Object.entries(options.files)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), content);
    }
    await git("add", "-A");
    await git(
      "-c",
      "user.name=Dev",
      "-c",
      "user.email=dev@example.com",
      "commit",
      "--quiet",
      "-m",
      options.message,
    );
    await git(
      "push",
      "--quiet",
      ...(options.force ? ["--force"] : []),
      "origin",
      `HEAD:refs/heads/${options.branch}`,
    );
    return (await git("rev-parse", "HEAD")).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** An app JWT as Octokit's app auth makes one: RS256, issued 30 s ago, valid for nine more minutes. */
export function signAppJwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
}

/** An installation token for an app created on the emulator, minted through the real /app endpoint. */
export async function installationToken(
  emulator: Emulator,
  app: { appId: number; privateKey: string; installationId: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = signAppJwt(app.privateKey, { iat: now - 30, exp: now + 540, iss: app.appId });
  const minted = await clientFor(emulator, jwt).apps.createInstallationAccessToken({
    installation_id: app.installationId,
  });
  return minted.data.token;
}
