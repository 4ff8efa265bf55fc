import { buildApp } from "./build-app.ts";
import { type BuildContext, buildNodeId, repositoryApiUrl, type Schemas } from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { IssueEventRecord, RepositoryRecord } from "./emulator-state.ts";

/** One entry of `GET …/issues/{n}/events`; an app's bot acting names the app, as on GitHub. */
export function buildIssueEvent(
  context: BuildContext,
  repo: RepositoryRecord,
  event: IssueEventRecord,
): Schemas["issue-event-for-issue"] {
  const app = context.state.apps.find((candidate) => `${candidate.slug}[bot]` === event.actorLogin);
  const common = {
    id: event.id,
    node_id: buildNodeId("IssueEvent", event.id),
    url: `${repositoryApiUrl(context, repo)}/issues/events/${event.id}`,
    actor: buildSimpleUser(context, event.actorLogin),
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: app ? buildApp(context, app) : null,
  };
  if (event.label !== null) {
    const color = repo.labels.find((label) => label.name === event.label)?.color ?? "ededed";
    return { ...common, event: event.event, label: { name: event.label, color } };
  }
  if (event.rename !== null) return { ...common, event: event.event, rename: event.rename };
  // The spec's union lacks GitHub's `state-change-issue-event` (closed, reopened); its fields are the
  // common ones plus `state_reason`, which a variant without extra required fields admits.
  const stateChange = { ...common, event: event.event, state_reason: event.stateReason };
  return stateChange;
}
