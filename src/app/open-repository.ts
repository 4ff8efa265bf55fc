import { setTimeout as sleep } from "node:timers/promises";
import { bindPlanTexts } from "../core/plan/bind-plan-texts.ts";
import { createOctokitEngineForge } from "../github/create-octokit-engine-forge.ts";
import { createOctokitForge } from "../github/create-octokit-forge.ts";
import type { PlanShell } from "../shell/plan-shell.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import { type LoadedConfig, loadForemanConfig } from "./load-foreman-config.ts";

export type OpenRepository = {
  config: LoadedConfig;
  selfLogin: string;
  shell: PlanShell;
};

/** The Forge, config and bound texts for the repository an event came from. */
export async function openRepository(
  context: ForemanEventContext,
  dependencies: AppDependencies,
): Promise<OpenRepository> {
  const [selfLogin, config] = await Promise.all([dependencies.selfLogin(), loadForemanConfig(context)]);
  const { owner, repo } = context.repo();
  const client = {
    request: (route: string, parameters?: Record<string, unknown>) =>
      context.octokit.request(route, parameters),
    owner,
    repo,
    selfLogin,
  };
  const forge = createOctokitForge(client);
  const repositoryUrl = repositoryUrlOf(context.payload) ?? `https://github.com/${owner}/${repo}`;
  return {
    config,
    selfLogin,
    shell: {
      forge,
      config: config.result,
      texts: bindPlanTexts(dependencies.templates, {
        formatReference: dependencies.formatReferenceUrl,
        config: `${repositoryUrl}/blob/HEAD/.github/foreman.yml`,
      }),
      log: (message) => context.log.info(message),
      now: () => new Date(),
      sleep: (ms) => sleep(ms),
      ...(dependencies.engine ? { engine: { forge: createOctokitEngineForge(client), appId: null } } : {}),
    },
  };
}

function repositoryUrlOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("repository" in payload)) return undefined;
  const { repository } = payload;
  return typeof repository === "object" &&
    repository !== null &&
    "html_url" in repository &&
    typeof repository.html_url === "string"
    ? repository.html_url
    : undefined;
}
