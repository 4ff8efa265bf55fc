import { statusOfError } from "./status-of-error.ts";
import { transientDelay } from "./transient-delay.ts";

/** Times one request is sent again before its error is the caller's. */
export const REQUEST_RETRIES = 4;
/** Methods whose repetition cannot do a thing twice: reads, and writes that set a state. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE"]);

/**
 * Foreman's one retry policy for a single GitHub request (DESIGN.md "Idempotent by construction"):
 * how long to wait before sending `method` again after `error`, its `failures`-th failure in a row,
 * or null to give the error to the caller.
 * - a rate limit (403/429 asking to wait) is waited out whatever the method: GitHub refused the
 *   request before doing anything.
 * - a server error, or no answer at all, is retried for reads and idempotent writes only. A `POST` is
 *   never sent again here: had it taken effect before its answer was lost, a second one would create a
 *   second issue, comment or PR. Whoever sent it looks first, then sends again (`retryTransient`).
 */
export function requestRetryDelay(method: string, error: unknown, failures: number): number | null {
  if (failures > REQUEST_RETRIES) return null;
  const wait = transientDelay(error, failures);
  if (wait === null) return null;
  const status = statusOfError(error);
  const refused = status === 403 || status === 429;
  return refused || IDEMPOTENT_METHODS.has(method.toUpperCase()) ? wait : null;
}
