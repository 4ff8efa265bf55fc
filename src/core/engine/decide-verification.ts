import type { CheckRunFact } from "../plan/task-facts.ts";
import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { renderNoticeComment } from "./render-notice-comment.ts";
import { renderVerifyCheck } from "./render-verify-check.ts";
import { VERIFY_CHECK_NAME } from "./verify-task.ts";

/**
 * Verification (DESIGN.md "Verify"; issue #10, item 4): the verdict itself is `verifyTask`, derived
 * with each task's work; this planner shows it and absorbs flakiness. It keeps `foreman/verify` on every
 * open task PR's head equal to the verdict, re-runs a failed required check while `rerunFailedChecks`
 * allows, reports `foreman/verify` on merge-queue heads so a queue never waits on it, and says once on
 * the plan when the base branch requires no checks at all.
 */
export function decideVerification(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  const writes: EngineWrite[] = [];
  for (const task of input.tasks) {
    const work = view.work.get(task.id);
    const verdict = work?.verdict;
    if (!work || !verdict || work.phase.kind === "merged") continue;
    const content = renderVerifyCheck({
      task: task.id,
      verdict,
      acceptance: task.acceptance,
      base: input.base,
    });
    const existing = ownRun(task.facts.checkRuns, verdict.head, input.appId);
    if (
      !existing ||
      existing.status !== content.status ||
      existing.conclusion !== content.conclusion ||
      existing.title !== content.title ||
      existing.summary !== content.summary
    ) {
      writes.push({
        kind: "publish-check",
        taskId: task.id,
        headSha: verdict.head,
        checkRunId: existing?.id ?? null,
        name: VERIFY_CHECK_NAME,
        ...content,
      });
    }
    for (const check of verdict.checks) {
      if (check.state === "failure" && check.rerunsLeft > 0 && check.checkRunId !== null) {
        writes.push({
          kind: "rerun-check",
          taskId: task.id,
          checkRunId: check.checkRunId,
          url: check.url ?? "",
        });
      }
    }
  }
  for (const head of input.mergeGroupHeads) {
    writes.push({
      kind: "publish-check",
      taskId: null,
      headSha: head,
      checkRunId: null,
      name: VERIFY_CHECK_NAME,
      status: "completed",
      conclusion: "success",
      title: "Verified before it joined the merge queue",
      summary:
        "Foreman verifies each task PR on its own head; the merge queue's own required checks decide here.",
      actions: [],
    });
  }
  const unverifiable =
    view.required.length === 0 && [...view.work.values()].some((work) => work.verdict !== null);
  if (unverifiable && !input.notices.some((notice) => notice.topic === "no-required-checks")) {
    writes.push({
      kind: "create-comment",
      number: input.plan.number,
      body: renderNoticeComment(input.plan.number, { topic: "no-required-checks", base: input.base.ref }),
    });
  }
  return writes;
}

function ownRun(runs: readonly CheckRunFact[], head: string, appId: number | null): CheckRunFact | undefined {
  return runs.find(
    (run) =>
      run.name === VERIFY_CHECK_NAME && run.headSha === head && (appId === null || run.appId === appId),
  );
}
