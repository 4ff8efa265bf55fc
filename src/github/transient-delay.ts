import { statusOfError } from "./status-of-error.ts";

const BASE_DELAY_MS = 250;
const MAX_BACKOFF_MS = 10_000;
/**
 * The longest wait GitHub may ask for that is still waited out. A primary rate limit may reset in an
 * hour: waiting that long inside a job or a webhook handler helps nobody, so such an error is final.
 */
const MAX_ASKED_WAIT_MS = 120_000;

/**
 * How long to wait before trying again after `error`, the `attempt`-th failure in a row: what GitHub
 * asks for with a rate limit (`retry-after` for a secondary limit, `x-ratelimit-reset` for a spent
 * primary one), else a pause that doubles each time (a server error, or no answer at all). Null when
 * the error is not worth another try: a 404, a 422, anything that is not GitHub being busy or broken,
 * or a limit that resets later than is worth waiting for.
 */
export function transientDelay(error: unknown, attempt: number, now = Date.now()): number | null {
  const status = statusOfError(error);
  if (status === undefined) return null;
  if (status === 403 || status === 429) {
    const asked = askedWaitMs(headersOf(error), now);
    if (asked === null) return status === 429 ? backoff(attempt) : null;
    return asked <= MAX_ASKED_WAIT_MS ? asked : null;
  }
  return status >= 500 ? backoff(attempt) : null;
}

function backoff(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
}

/** The wait a rate-limited answer asks for, in milliseconds; null when it is no rate limit. */
function askedWaitMs(headers: Record<string, unknown>, now: number): number | null {
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0)
    return retryAfter * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset)) {
    // One second past the reset, as GitHub advises: the window turns over at that second's end.
    return Math.max(reset * 1000 - now, 0) + 1000;
  }
  return null;
}

function headersOf(error: unknown): Record<string, unknown> {
  if (typeof error !== "object" || error === null || !("response" in error)) return {};
  const response = error.response;
  if (typeof response !== "object" || response === null || !("headers" in response)) return {};
  const headers = response.headers;
  return typeof headers === "object" && headers !== null ? { ...headers } : {};
}
