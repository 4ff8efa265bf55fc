import { setTimeout as sleep } from "node:timers/promises";

/**
 * Asks `probe` every `intervalMs` until it returns a value or `timeoutMs` passed; null then. Foreman
 * answers through webhooks, so the tools that act on GitHub wait a little to report what it did.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | null>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() + intervalMs > deadline) return null;
    await sleep(intervalMs);
  }
}
