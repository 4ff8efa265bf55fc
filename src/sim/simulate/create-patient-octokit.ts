import { Octokit } from "@octokit/rest";
import { retryTransient } from "../../github/retry-transient.ts";

/** Requests that create something new: a person whose answer was lost looks before sending again. */
const CREATES = /^POST .*\/(issues|comments)$/;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * A REST client for the simulation's own people and its read-back. They go through the emulator's
 * fault injection like the app does; like a person clicking again, they repeat a request that met a
 * server error or rate limit — except a create, which may have taken effect before its answer was lost
 * (the caller looks for it first).
 */
export function createPatientOctokit(baseUrl: string, token: string): Octokit {
  const octokit = new Octokit({ auth: token, baseUrl, log: quiet });
  octokit.hook.wrap("request", (request, options) =>
    CREATES.test(`${options.method} ${options.url}`)
      ? request(options)
      : retryTransient(async () => request(options), quiet.warn),
  );
  return octokit;
}
