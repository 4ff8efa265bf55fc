import type { Context } from "probot";
import { createOctokitForge } from "../github/create-octokit-forge.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { type LoadedConfig, loadForemanConfig } from "./load-foreman-config.ts";
import type { ReconcileDependencies } from "./run-plan-reconcile.ts";

export type OpenRepository = {
  config: LoadedConfig;
  selfLogin: string;
  reconcile: ReconcileDependencies;
};

/** The Forge and config for the repository an event came from. */
export async function openRepository(
  context: Context,
  dependencies: AppDependencies,
): Promise<OpenRepository> {
  const [selfLogin, config] = await Promise.all([dependencies.selfLogin(), loadForemanConfig(context)]);
  const { owner, repo } = context.repo();
  const forge = createOctokitForge({
    request: (route, parameters) => context.octokit.request(route, parameters),
    owner,
    repo,
    selfLogin,
    log: (message) => context.log.warn(message),
  });
  return {
    config,
    selfLogin,
    reconcile: {
      forge,
      config: config.result,
      templates: dependencies.templates,
      formatReferenceUrl: dependencies.formatReferenceUrl,
      log: (message) => context.log.info(message),
    },
  };
}
