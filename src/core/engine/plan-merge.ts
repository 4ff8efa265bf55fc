import type { PullFact, ReviewFact } from "../plan/task-facts.ts";
import type { EngineInput } from "./engine-input.ts";
import type { EngineWrite } from "./engine-write.ts";
import { latestWriterReviews } from "./latest-writer-reviews.ts";

/**
 * The writes that land one verified PR (a task's or the summary report's): none while it is a draft or
 * waits for a writer's approval (`merge: review`; as on GitHub by default, an approval outlives later
 * pushes such as a branch update — a ruleset that dismisses stale approvals shows that as `DISMISSED`), `update-branch` when the base wants up-to-date
 * branches and it is behind (it is then verified again on its new head), else a merge of exactly the
 * verified head, so a head that moved in between is refused by GitHub rather than merged unverified.
 */
export function planMerge(
  input: Pick<EngineInput, "config" | "requiredChecks" | "base" | "writers">,
  taskId: string,
  pull: PullFact,
  reviews: readonly ReviewFact[],
): EngineWrite[] {
  if (pull.draft) return [];
  if (input.config.merge === "review") {
    const final = latestWriterReviews(reviews, input.writers);
    const approved =
      final.some((review) => review.state === "APPROVED") &&
      !final.some((review) => review.state === "CHANGES_REQUESTED");
    if (!approved) return [];
  }
  const behind = pull.mergeableState === "behind" || pull.baseSha !== input.base.sha;
  if (input.requiredChecks.strict && behind) {
    return [{ kind: "update-branch", taskId, pull: pull.number, headSha: pull.headSha }];
  }
  return [
    { kind: "merge-pull", taskId, pull: pull.number, sha: pull.headSha, method: input.config.mergeMethod },
  ];
}
