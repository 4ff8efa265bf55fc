import { createHash } from "node:crypto";
import type { FailureCause } from "./derive-task-work.ts";

/**
 * A short fingerprint of how an attempt failed: the same checks failing with the same titles and
 * summaries give the same signature, so two attempts in a row with one signature on one head made no
 * progress. Links and ids are left out: a re-run has new ones.
 */
export function failureSignature(cause: FailureCause): string {
  const essence =
    cause.kind === "checks"
      ? cause.failures
          .map((failure) => [
            failure.context,
            failure.source,
            failure.conclusion,
            failure.title,
            failure.summary,
          ])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : cause.kind === "changes-requested"
        ? cause.reviews.map((review) => review.id).sort((a, b) => a - b)
        : cause.kind === "job"
          ? [cause.conclusion]
          : [];
  return createHash("sha256")
    .update(JSON.stringify([cause.kind, essence]))
    .digest("hex")
    .slice(0, 12);
}
