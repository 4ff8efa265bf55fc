import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { planMerge } from "./plan-merge.ts";

/**
 * Landing (DESIGN.md "Land"; issue #10, item 6). A verified task PR merges per `merge` (`auto`, or
 * `review`: also approved by a writer) with `mergeMethod` and the exact verified head; when the base
 * branch wants up-to-date branches and the PR is behind, it is brought up to date first and verified
 * again. After the merge the branch is deleted (`deleteBranch`); the child issue is closed as
 * completed by the plan's state projection (`foreman:done`), not left to closing keywords. Dependents
 * become ready in the next round of the same reconcile, once the merge is folded in. (A conflict is a failed attempt: see decideRetries.)
 */
export function decideLanding(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  const writes: EngineWrite[] = [];
  for (const task of input.tasks) {
    const work = view.work.get(task.id);
    if (!work) continue;
    const { phase } = work;
    if (phase.kind === "verified" && input.mode !== "cancelled") {
      writes.push(...planMerge(input, task.id, phase.pull, task.facts.reviews));
    }
    if (phase.kind !== "merged") continue;
    if (input.config.deleteBranch && task.branchExists) {
      writes.push({ kind: "delete-branch", taskId: task.id, branch: task.facts.branch });
    }
  }
  return writes;
}
