import { randomBytes } from "node:crypto";
import { buildApp, INSTALLATION_PERMISSIONS } from "./build-app.ts";
import { buildInstallation } from "./build-installation.ts";
import { buildRepository } from "./build-repository.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { AppRecord } from "./emulator-state.ts";
import { GitHubApiError, notFound } from "./github-api-error.ts";
import type { Actor, OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** Installation tokens live an hour, as on GitHub. */
const INSTALLATION_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function callingApp(runtime: EmulatorRuntime, actor: Actor): AppRecord {
  const app =
    actor.kind === "app" ? runtime.state.apps.find((candidate) => candidate.id === actor.appId) : undefined;
  if (!app) throw new GitHubApiError(401, "A JSON web token could not be decoded");
  return app;
}

/** Mints a `ghs_` token that acts as the app's bot on every repository of the installation. */
export function mintInstallationToken(
  runtime: EmulatorRuntime,
  installationId: number,
): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + INSTALLATION_TOKEN_LIFETIME_MS)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  runtime.state.tokens[token] = { kind: "installation", installationId, expiresAt };
  runtime.changed();
  return { token, expiresAt };
}

/**
 * The /app endpoints (JWT only): who the app is, where it is installed, installation tokens; and what an
 * installation token reaches (`GET /installation/repositories`).
 */
export function createAppOperations(): OperationHandlers {
  return {
    "apps/get-authenticated": async ({ runtime, actor }) => ({
      status: 200,
      body: buildApp(runtime, callingApp(runtime, actor)),
    }),

    "apps/list-installations": async ({ runtime, actor, query, url }) => {
      const app = callingApp(runtime, actor);
      const installations = runtime.state.installations
        .filter((installation) => installation.appId === app.id)
        .map((installation) => buildInstallation(runtime, installation, app));
      const page = paginateList(installations, query, url);
      // The generated type of this response intersects `simple-user` with `enterprise` for `account`, which no
      // real account satisfies (see SPEC_ERRATA); the response validator checks it against `installation`.
      return { status: 200, body: page.items as never, headers: page.headers };
    },

    "apps/create-installation-access-token": async ({ runtime, actor, path }) => {
      const app = callingApp(runtime, actor);
      const installation = runtime.state.installations.find(
        (candidate) => candidate.id === path.installation_id && candidate.appId === app.id,
      );
      if (!installation) throw notFound();
      const { token, expiresAt } = mintInstallationToken(runtime, installation.id);
      return {
        status: 201,
        body: {
          token,
          expires_at: expiresAt,
          permissions: INSTALLATION_PERMISSIONS,
          repository_selection: "all",
        },
      };
    },

    "apps/list-repos-accessible-to-installation": async ({ runtime, actor, query, url }) => {
      if (actor.kind !== "installation")
        throw new GitHubApiError(403, "This endpoint requires an installation access token");
      // Installations are made for all repositories (`repository_selection: all`), so every one is reachable.
      const repositories = Object.values(runtime.state.repositories).map((repo) =>
        buildRepository(runtime, repo),
      );
      const page = paginateList(repositories, query, url);
      return {
        status: 200,
        body: { total_count: repositories.length, repositories: page.items, repository_selection: "all" },
        headers: page.headers,
      };
    },

    "apps/get-repo-installation": async ({ runtime, actor, path }) => {
      const app = callingApp(runtime, actor);
      runtime.repository(path.owner, path.repo);
      const installation = runtime.state.installations.find((candidate) => candidate.appId === app.id);
      if (!installation) throw notFound();
      return { status: 200, body: buildInstallation(runtime, installation, app) };
    },
  };
}
