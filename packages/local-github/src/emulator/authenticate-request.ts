import type { EmulatorState } from "./emulator-state.ts";
import { GitHubApiError } from "./github-api-error.ts";
import type { Actor } from "./operation-types.ts";
import { looksLikeJwt, verifyAppJwt } from "./verify-app-jwt.ts";

/** Endpoints GitHub only serves to the app itself, authenticated with its JWT. */
const APP_JWT_OPERATIONS = new Set<string>([
  "apps/get-authenticated",
  "apps/list-installations",
  "apps/create-installation-access-token",
  "apps/get-repo-installation",
]);

function badCredentials(): GitHubApiError {
  return new GitHubApiError(401, "Bad credentials");
}

/**
 * Who the `Authorization` header names. `token X` and `Bearer X` both work for tokens; a JWT is only
 * accepted on the app endpoints, and those accept nothing else, as on GitHub.
 */
export function authenticateRequest(
  state: EmulatorState,
  authorization: string | undefined,
  operationId: string,
  now: Date,
): Actor {
  if (!authorization) throw new GitHubApiError(401, "Requires authentication");
  const match = /^(token|bearer)\s+(\S+)\s*$/i.exec(authorization);
  const credential = match?.[2];
  if (!credential) throw badCredentials();
  const nowSeconds = Math.floor(now.getTime() / 1000);

  if (APP_JWT_OPERATIONS.has(operationId)) {
    if (!looksLikeJwt(credential)) throw new GitHubApiError(401, "A JSON web token could not be decoded");
    const app = verifyAppJwt(state, credential, nowSeconds);
    return { kind: "app", appId: app.id, login: `${app.slug}[bot]` };
  }

  const token = state.tokens[credential];
  if (!token) throw badCredentials();
  if (token.kind === "user") return { kind: "user", login: token.login };
  if (Date.parse(token.expiresAt) <= now.getTime()) throw badCredentials();
  const installation = state.installations.find((candidate) => candidate.id === token.installationId);
  const app = state.apps.find((candidate) => candidate.id === installation?.appId);
  if (!installation || !app) throw badCredentials();
  return { kind: "installation", installationId: installation.id, appId: app.id, login: `${app.slug}[bot]` };
}
