import { setTimeout as sleep } from "node:timers/promises";
import { statusOfError } from "./status-of-error.ts";
import { transientDelay } from "./transient-delay.ts";

/** Attempts of one job, by default, before its error is left to the caller. */
const DEFAULT_ATTEMPTS = 5;

/**
 * Runs `job` again when GitHub answers with a server error or a rate limit, after the wait GitHub
 * asks for (`retry-after`) or a growing pause. Only for jobs that are idempotent as a whole, such as
 * a read, or a handler that starts by reading the ground truth: running one again does nothing twice.
 */
export async function retryTransient<T>(
  job: () => Promise<T>,
  log: (message: string) => void,
  attempts = DEFAULT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await job();
    } catch (error) {
      const wait = transientDelay(error, attempt);
      if (wait === null || attempt >= attempts) throw error;
      log(
        `GitHub answered ${statusOfError(error)}; trying again in ${wait} ms (attempt ${attempt + 1} of ${attempts})`,
      );
      await sleep(wait);
    }
  }
}
