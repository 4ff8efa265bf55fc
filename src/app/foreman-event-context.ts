import type { GitHubRequest } from "../github/create-octokit-forge.ts";

/**
 * What Foreman's handlers read of an event and its host: the event, the repository, a client, the
 * config file and a log. Probot's `Context` is one; the Action's reconcile mode builds another from the
 * job's event file, so both hosts run the same handlers.
 */
export type ForemanEventContext<Payload = unknown> = {
  name: string;
  payload: Payload;
  repo(): { owner: string; repo: string };
  octokit: { request: GitHubRequest };
  /** `.github/<fileName>` of the repository (following `_extends`); null when there is none */
  config(fileName: string): Promise<unknown>;
  log: { info(message: string): void };
};
