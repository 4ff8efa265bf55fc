import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticateRequest } from "./authenticate-request.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import { GitHubApiError } from "./github-api-error.ts";
import { pressCheckRunAction } from "./press-check-run-action.ts";

/**
 * `POST /_emulator/repos/{owner}/{repo}/check-runs/{id}/press` with `{"identifier": "…"}`: what clicking a
 * check run's button in GitHub's web UI does, for a person's token (never an app's), so tests and people
 * driving `foreman emulator` over HTTP can press buttons as any user. Not part of GitHub's REST API.
 */
export const BUTTON_PRESS_PATH = /^\/_emulator\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)\/press$/;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new GitHubApiError(400, "Problems parsing JSON");
  }
}

function answer(response: ServerResponse, status: number, message?: string): void {
  if (message === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify({ message, status: String(status) }));
}

/** Serves a button press when the path is one; null for every other path. */
export function serveButtonPress(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> | null {
  const match = BUTTON_PRESS_PATH.exec(url.pathname);
  if (!match) return null;
  return (async () => {
    try {
      if (request.method !== "POST") throw new GitHubApiError(404, "Not Found");
      const actor = authenticateRequest(
        runtime.state,
        request.headers.authorization,
        "checks/get",
        new Date(),
      );
      if (actor.kind !== "user")
        throw new GitHubApiError(403, "Only a person can press a check run's button.");
      const body = await readJson(request);
      const identifier =
        body !== null &&
        typeof body === "object" &&
        "identifier" in body &&
        typeof body.identifier === "string"
          ? body.identifier
          : null;
      if (identifier === null)
        throw new GitHubApiError(422, 'Send {"identifier": "<the button\'s identifier>"}.');
      const repo = runtime.repository(match[1] ?? "", match[2] ?? "");
      try {
        await runtime.withLock(`${repo.owner}/${repo.name}`, () =>
          pressCheckRunAction(runtime, {
            repository: `${repo.owner}/${repo.name}`,
            checkRunId: Number(match[3]),
            identifier,
            login: actor.login,
          }),
        );
      } catch (error) {
        if (error instanceof GitHubApiError) throw error;
        throw new GitHubApiError(422, error instanceof Error ? error.message : String(error));
      }
      answer(response, 204);
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      answer(response, error.status, error.message);
    }
  })();
}
