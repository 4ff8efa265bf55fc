import type { ReviewFact } from "../plan/task-facts.ts";
import { parseTimestamp } from "./parse-timestamp.ts";

/**
 * Each writer's latest deciding review (approve, request changes, dismissed): a later approval replaces
 * an earlier request for changes. Comments and reviews by people without write access decide nothing.
 */
export function latestWriterReviews(
  reviews: readonly ReviewFact[],
  writers: readonly string[],
): ReviewFact[] {
  const latest = new Map<string, ReviewFact>();
  for (const review of reviews) {
    if (!writers.includes(review.author) || review.state === "COMMENTED" || review.state === "PENDING")
      continue;
    const known = latest.get(review.author);
    if (!known || (parseTimestamp(review.submittedAt) ?? 0) >= (parseTimestamp(known.submittedAt) ?? 0)) {
      latest.set(review.author, review);
    }
  }
  return [...latest.values()];
}
