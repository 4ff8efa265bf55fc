import { INSTALLATION_PERMISSIONS } from "./build-app.ts";
import type { BuildContext, Schemas } from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { AppRecord, InstallationRecord } from "./emulator-state.ts";

export function buildInstallation(
  context: BuildContext,
  installation: InstallationRecord,
  app: AppRecord,
): Schemas["installation"] & { account: ReturnType<typeof buildSimpleUser> } {
  const account = context.account(installation.accountLogin);
  return {
    id: installation.id,
    account: buildSimpleUser(context, installation.accountLogin),
    repository_selection: "all",
    access_tokens_url: `${context.apiUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${context.apiUrl}/installation/repositories`,
    html_url: `${context.apiUrl}/settings/installations/${installation.id}`,
    app_id: app.id,
    target_id: account.id,
    target_type: account.type === "Organization" ? "Organization" : "User",
    permissions: INSTALLATION_PERMISSIONS,
    events: app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    app_slug: app.slug,
    suspended_by: null,
    suspended_at: null,
  };
}
