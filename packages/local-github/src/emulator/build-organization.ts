import { type BuildContext, buildNodeId, type Schemas } from "./build-context.ts";

/** The `organization` of webhook payloads for repositories an organization owns. */
export function buildOrganization(
  context: BuildContext,
  login: string,
): Schemas["organization-simple-webhooks"] {
  const account = context.account(login);
  const url = `${context.apiUrl}/orgs/${encodeURIComponent(login)}`;
  return {
    login,
    id: account.id,
    node_id: buildNodeId("Organization", account.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${context.apiUrl}/avatars/u/${account.id}`,
    description: null,
  };
}
