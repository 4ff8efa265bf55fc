import { statusOfError } from "./status-of-error.ts";

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/**
 * How long to wait before trying again after `error`, the `attempt`-th failure in a row: the
 * `retry-after` GitHub sends with a rate limit, else a pause that doubles each time. Null when the
 * error is not worth another try (a 404, a 422, anything that is not GitHub being busy or broken).
 */
export function transientDelay(error: unknown, attempt: number): number | null {
  const status = statusOfError(error);
  const asked = retryAfterSeconds(error);
  const rateLimited = status === 429 || (status === 403 && asked !== null);
  if (status === undefined || !(status >= 500 || rateLimited)) return null;
  return asked === null
    ? Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS)
    : Math.min(asked * 1000, MAX_DELAY_MS);
}

function retryAfterSeconds(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("response" in error)) return null;
  const response = error.response as { headers?: Record<string, string | number | undefined> } | undefined;
  const value = Number(response?.headers?.["retry-after"]);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
