import { Octokit } from "@octokit/rest";
import type { GitHubRequest } from "../github/create-octokit-forge.ts";
// The simulator's patient-person retry: reads are asked again after a server error or rate limit.
import { retryTransient } from "../github/retry-transient.ts";
import { statusOfError } from "../github/status-of-error.ts";
import { CliFailure } from "./cli-failure.ts";

/** GitHub's own API; `--api-url` points elsewhere (GitHub Enterprise Server, the local GitHub). */
export const DEFAULT_API_URL = "https://api.github.com";

export type GitHubConnection = {
  apiUrl: string;
  octokit: Octokit;
  /** reads are repeated after a server error or rate limit; writes are sent once */
  request: GitHubRequest;
};

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * The REST client every command that talks to a real GitHub uses, from `GITHUB_TOKEN` (or an App
 * installation token) and `--api-url`. A missing token is a clear failure before any request.
 */
export function connectGitHub(options: {
  token: string | undefined;
  apiUrl: string | undefined;
  log?: (message: string) => void;
}): GitHubConnection {
  const token = options.token?.trim();
  if (!token) {
    throw new CliFailure(
      "GITHUB_TOKEN is not set. Export a token that can read the repository (a fine-grained token with Issues, Pull requests, Contents and Actions read, or `gh auth token`), e.g. `GITHUB_TOKEN=$(gh auth token) foreman …`.",
    );
  }
  const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    throw new CliFailure(
      `--api-url must be an http(s) URL such as https://github.example.com/api/v3, got '${apiUrl}'.`,
      2,
    );
  }
  const octokit = new Octokit({ auth: token, baseUrl: apiUrl, log: quiet });
  const log = options.log ?? (() => {});
  const send: GitHubRequest = async (route, parameters) => {
    try {
      return await octokit.request(route, parameters);
    } catch (error) {
      throw explainFailure(error, apiUrl);
    }
  };
  return {
    apiUrl,
    octokit,
    request: (route, parameters) =>
      route.startsWith("GET ") ? retryTransient(() => send(route, parameters), log) : send(route, parameters),
  };
}

/** Errors that are about the connection, not the request, become one plain sentence; the rest pass on. */
function explainFailure(error: unknown, apiUrl: string): unknown {
  const status = statusOfError(error);
  if (status === 401) {
    return new CliFailure(`GitHub at ${apiUrl} refused the token (401 Bad credentials): check GITHUB_TOKEN.`);
  }
  // Octokit reports a connection that failed (refused, DNS, TLS) as status 500 without a response.
  const answered = typeof error === "object" && error !== null && "response" in error && error.response;
  if (!answered && error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new CliFailure(`cannot reach GitHub at ${apiUrl}: ${cause}. Check --api-url and the network.`);
  }
  return error;
}
