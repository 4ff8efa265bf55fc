import { type BuildContext, buildNodeId, type Schemas } from "./build-context.ts";

/** A user, bot or organization in the `simple-user` shape every other object embeds. */
/** `id` is narrowed to a number: some operations are typed with an older copy of the schema without bigint. */
export function buildSimpleUser(
  context: BuildContext,
  login: string,
): Schemas["simple-user"] & { id: number } {
  const account = context.account(login);
  const url = `${context.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: account.id,
    node_id: buildNodeId(account.type, account.id),
    avatar_url: `${context.apiUrl}/avatars/u/${account.id}`,
    gravatar_id: "",
    url,
    html_url: `${context.apiUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}
