import type { ConfigResult } from "../core/config/parse-config.ts";
import { derivePlanView, type PlanView } from "../core/plan/derive-plan-view.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { createOctokitForge } from "../github/create-octokit-forge.ts";
import type { Forge } from "../github/forge.ts";
import type { LoadedPlan } from "../shell/load-plan.ts";
import { CliFailure } from "./cli-failure.ts";
import type { GitHubConnection } from "./connect-github.ts";
import { loadPlanFromGitHub } from "./load-plan-from-github.ts";
import type { PlanReference } from "./parse-repository-reference.ts";
import { type RepositoryFacts, readRepository } from "./read-repository.ts";
import { readRepositoryConfig } from "./read-repository-config.ts";

export type OpenedPlan = {
  connection: GitHubConnection;
  reference: PlanReference;
  repository: RepositoryFacts;
  config: ConfigResult;
  forge: Forge;
  loaded: LoadedPlan;
  view: PlanView;
};

/** Foreman's GitHub App is called `foreman` unless the person registered it under another name. */
export const DEFAULT_APP_SLUG = "foreman";

/**
 * A plan as the app sees it: the repository, its Foreman config, the plan's snapshot and the view
 * derived from it. `appSlug` names the App whose comments are Foreman's (its markers are trusted).
 */
export async function openPlanOnGitHub(
  connection: GitHubConnection,
  reference: PlanReference,
  appSlug: string,
): Promise<OpenedPlan> {
  const repository = await readRepository(connection, reference);
  const config = (await readRepositoryConfig(connection, reference, repository.default_branch)).result;
  const forge = createOctokitForge({
    request: connection.request,
    owner: reference.owner,
    repo: reference.repo,
    selfLogin: `${appSlug}[bot]`,
  });
  const loaded = await loadPlanFromGitHub(forge, config, reference.number);
  if (!loaded) {
    throw new CliFailure(
      `${reference.owner}/${reference.repo}#${reference.number} is not an issue (no such issue, or it is a pull request).`,
    );
  }
  const task = readMarkers(loaded.snapshot.plan.body).find((marker) => marker.kind === "task");
  if (task?.kind === "task") {
    throw new CliFailure(
      `${reference.owner}/${reference.repo}#${reference.number} is task ${task.task} of plan #${task.plan}: use ${reference.owner}/${reference.repo}#${task.plan}.`,
    );
  }
  const view = derivePlanView(loaded.snapshot, loaded.document);
  return { connection, reference, repository, config, forge, loaded, view };
}
