import { setTimeout as sleep } from "node:timers/promises";
import type { Octokit } from "@octokit/core";
import { requestRetryDelay } from "./request-retry-delay.ts";
import { statusOfError } from "./status-of-error.ts";

/**
 * The Octokit plugin that applies Foreman's retry policy (`requestRetryDelay`) to every request of a
 * client — Probot's for `npm start`, @actions/github's in the Action's bundle (which must not carry
 * Probot). `unitMs` is the pace: at 1000 the waits are GitHub's own; the simulator, talking to a local
 * GitHub, runs faster. Register it last: it then wraps the other plugins, so a request sent again
 * passes their limits (write spacing) too.
 */
export function retryTransientRequests(unitMs = 1000) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap("request", async (request, options) => {
      for (let failures = 1; ; failures++) {
        try {
          return await request(options);
        } catch (error) {
          const wait = requestRetryDelay(options.method, error, failures);
          if (wait === null) throw error;
          const paced = Math.round((wait * unitMs) / 1000);
          octokit.log.warn(
            `GitHub answered ${statusOfError(error) ?? "nothing"} to ${options.method} ${options.url}; sending it again in ${paced} ms (retry ${failures})`,
          );
          await sleep(paced);
        }
      }
    });
  };
}
