import { Octokit } from "@octokit/rest";
import { retryTransient } from "./retry-transient.ts";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * A REST client for the simulation's own people and its read-back. They go through the emulator's
 * fault injection like the app does; like a person clicking again, they repeat a request that met a
 * server error or rate limit (injected faults reject a request before it has any effect).
 */
export function createPatientOctokit(baseUrl: string, token: string): Octokit {
  const octokit = new Octokit({ auth: token, baseUrl, log: quiet });
  octokit.hook.wrap("request", (request, options) =>
    retryTransient(async () => request(options), quiet.warn),
  );
  return octokit;
}
