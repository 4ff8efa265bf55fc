import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, dirname } from "node:path";
import { authenticateRequest } from "./authenticate-request.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { ApiFault } from "./fault-plan.ts";
import { GitHubApiError } from "./github-api-error.ts";

/** `/{owner}/{repo}.git/info/refs`, `/git-upload-pack`, `/git-receive-pack`, as GitHub serves them. */
const GIT_PATH =
  /^\/([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/** The environment variable through which the push hook learns who pushed (see push-relay.ts). */
export const PUSHER_VARIABLE = "FOREMAN_PUSHER";

export function isGitHttpPath(pathname: string): boolean {
  return GIT_PATH.test(pathname);
}

function answer(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  response.end(`${text}\n`);
}

/** `Authorization: Basic base64(user:token)` as git sends it; the token is the password, as on GitHub. */
function credentialOf(authorization: string | undefined): string | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? decoded : decoded.slice(colon + 1);
}

/**
 * Git's smart HTTP protocol for the emulator's repositories, through `git http-backend`: clones and
 * fetches of these public repositories need no credentials; a push needs a token (user, Actions or
 * installation) with write access, sent as the Basic password (`x-access-token:TOKEN`), and is refused
 * as GitHub refuses it otherwise. The pusher's login reaches the push hook, so the `push` event names
 * the real sender.
 */
export async function serveGitHttp(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  /** the fault a test injected for `git/receive-pack` or `git/upload-pack` (see Emulator.injectFaults) */
  faultOf: (operation: string) => ApiFault | null = () => null,
): Promise<void> {
  const match = GIT_PATH.exec(url.pathname);
  const [, owner = "", name = "", service = ""] = match ?? [];
  const repo = runtime.state.repositories[`${owner}/${name}`];
  if (!repo) return answer(response, 404, "Repository not found.");
  const wantsPush = service === "git-receive-pack" || url.searchParams.get("service") === "git-receive-pack";
  const credential = credentialOf(request.headers.authorization);
  let login: string | undefined;
  if (credential !== undefined) {
    try {
      const actor = authenticateRequest(runtime.state, `token ${credential}`, "git/http", new Date());
      login = actor.login;
      if (wantsPush && !runtime.hasPermission(actor, repo, "write")) {
        return answer(response, 403, `remote: Permission to ${owner}/${name}.git denied to ${login}.`);
      }
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      return answer(response, 401, "remote: Invalid username or password.", {
        "www-authenticate": 'Basic realm="GitHub"',
      });
    }
  } else if (wantsPush) {
    return answer(response, 401, "remote: Authentication required.", {
      "www-authenticate": 'Basic realm="GitHub"',
    });
  }
  // The pack exchange itself (not the ref advertisement) meets injected faults, as a push or fetch does
  // when GitHub's front end fails: before the backend runs, or after it did and its answer is lost.
  const fault =
    request.method === "POST" && (service === "git-receive-pack" || service === "git-upload-pack")
      ? faultOf(`git/${service.slice(4)}`)
      : null;
  if (fault?.kind === "server-error" || fault?.kind === "rate-limit") {
    request.resume();
    return answer(response, fault.kind === "server-error" ? fault.status : 503, "Service Unavailable");
  }
  const answerLost = fault?.kind === "applied-server-error" || fault?.kind === "applied-timeout";
  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GIT_PROJECT_ROOT: dirname(repo.gitDir),
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${basename(repo.gitDir)}/${service}`,
      REQUEST_METHOD: request.method ?? "GET",
      QUERY_STRING: url.search.replace(/^\?/, ""),
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      ...(request.headers["content-encoding"]
        ? { HTTP_CONTENT_ENCODING: request.headers["content-encoding"] }
        : {}),
      ...(typeof request.headers["git-protocol"] === "string"
        ? { GIT_PROTOCOL: request.headers["git-protocol"] }
        : {}),
      REMOTE_ADDR: request.socket.remoteAddress ?? "127.0.0.1",
      // http-backend enables receive-pack only for an authenticated user.
      ...(login === undefined ? {} : { REMOTE_USER: login, [PUSHER_VARIABLE]: login }),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  request.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (answerLost) return;
    if (headersSent) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    const separator = end >= 0 ? 4 : 2;
    const at = end >= 0 ? end : head.indexOf("\n\n");
    if (at < 0) return;
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.subarray(0, at).toString("latin1").split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "status") status = Number.parseInt(value, 10) || 500;
      else headers[key] = value;
    }
    response.writeHead(status, headers);
    headersSent = true;
    response.write(head.subarray(at + separator));
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  await new Promise<void>((resolve) => {
    child.on("close", (code) => {
      if (fault?.kind === "applied-server-error") answer(response, fault.status, "Server Error");
      else if (fault?.kind === "applied-timeout") request.socket.destroy();
      else if (!headersSent) answer(response, 500, `git http-backend failed (${code}): ${stderr.trim()}`);
      else response.end();
      resolve();
    });
    child.on("error", (error) => {
      if (!headersSent) answer(response, 500, `git http-backend could not start: ${error.message}`);
      resolve();
    });
  });
}
