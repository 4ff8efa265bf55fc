import { type BuildContext, buildNodeId, type Schemas } from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { AppRecord } from "./emulator-state.ts";

/** The permissions every emulated installation holds: what Foreman's app manifest asks for. */
export const INSTALLATION_PERMISSIONS = {
  actions: "write",
  checks: "write",
  contents: "write",
  issues: "write",
  merge_queues: "read",
  metadata: "read",
  pull_requests: "write",
  statuses: "write",
} satisfies Schemas["app-permissions"];

/** Check suites and workflow runs of the local CI and runner belong to GitHub Actions, as on GitHub. */
export const ACTIONS_APP = {
  id: 15368,
  slug: "github-actions",
  name: "GitHub Actions",
  ownerLogin: "github",
};

export function buildApp(context: BuildContext, app: AppRecord): NonNullable<Schemas["integration"]> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: buildNodeId("App", app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    owner: buildSimpleUser(context, app.ownerLogin),
    name: app.name,
    description: null,
    external_url: `${context.apiUrl}/apps/${app.slug}`,
    html_url: `${context.apiUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: INSTALLATION_PERMISSIONS,
    events: app.events,
    installations_count: 1,
  };
}

/** The app a check suite or run belongs to: an app created on the emulator, or GitHub Actions. */
export function buildAppById(context: BuildContext, appId: number | null): Schemas["nullable-integration"] {
  if (appId === null) return null;
  const app = context.state.apps.find((candidate) => candidate.id === appId);
  if (app) return buildApp(context, app);
  return buildApp(context, {
    id: ACTIONS_APP.id,
    slug: ACTIONS_APP.slug,
    name: ACTIONS_APP.name,
    ownerLogin: ACTIONS_APP.ownerLogin,
    publicKeyPem: "",
    webhookUrl: "",
    webhookSecret: "",
    replicaUrls: [],
    events: ["check_run", "check_suite", "workflow_run", "workflow_job"],
    hookId: 0,
    createdAt: "2018-07-30T09:30:17Z",
  });
}
