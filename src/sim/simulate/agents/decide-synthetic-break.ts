import { createHash } from "node:crypto";

/**
 * Whether a synthetic attempt breaks a test: only first attempts do, each with probability `failRate`,
 * drawn from (seed, task) alone so the outcome does not depend on which job the runner starts first.
 * A retry always repairs it, so every task still ends done, after more than one attempt.
 */
export function decideSyntheticBreak(options: {
  failRate: number;
  seed: number;
  task: string;
  attempt: number;
}): boolean {
  if (options.attempt !== 1 || options.failRate <= 0) return false;
  const digest = createHash("sha256").update(`${options.seed}\u0000${options.task}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < options.failRate;
}
