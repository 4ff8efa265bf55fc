import { normaliseBody } from "../plan/normalise-body.ts";
import { buildCompletionMatrix } from "./build-completion-matrix.ts";
import { REPORT_TASK } from "./engine-reads.ts";
import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { planMerge } from "./plan-merge.ts";
import { renderCompletionSummary } from "./render-completion-summary.ts";
import { verifyTask } from "./verify-task.ts";

/**
 * Finish (DESIGN.md "Finish"; issue #10, item 8). Once every task is done or skipped: the summary
 * comment on the plan (the completion matrix), then the report file under `reportsDir` on its own
 * branch `foreman/<plan>/report`, landed through a small PR verified and merged like a task (branch
 * protection forbids a direct push), then the plan closes (`closePlan`).
 */
export function decideFinish(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  const states = input.tasks.map((task) => view.states[task.id]);
  if (states.length === 0 || !states.every((state) => state === "done" || state === "skipped")) return [];
  const matrix = buildCompletionMatrix(round);
  const plan = input.plan.number;
  const reportPull = input.report.facts.pulls[0] ?? null;
  const body = renderCompletionSummary(plan, matrix, { report: false, reportUrl: reportPull?.url ?? null });
  if (!input.summary) return [{ kind: "create-comment", number: plan, body }];
  if (normaliseBody(input.summary.body) !== normaliseBody(body)) {
    return [{ kind: "update-comment", commentId: input.summary.commentId, body }];
  }
  const branch = input.report.facts.branch;
  if (reportPull === null) {
    if (!input.report.branchExists) {
      return [
        {
          kind: "commit-file",
          branch,
          baseSha: input.base.sha,
          path: `${input.config.reportsDir.replace(/\/+$/, "")}/plan-${plan}.md`,
          content: renderCompletionSummary(plan, matrix, { report: true, reportUrl: null }),
          message: `Foreman: summary report of plan #${plan}`,
        },
      ];
    }
    return [
      {
        kind: "open-pull",
        branch,
        base: input.base.ref,
        title: `Foreman: summary report of plan #${plan}`,
        body: `The summary report of #${plan}: every task is done or skipped.`,
      },
    ];
  }
  if (reportPull.state === "open") {
    const verdict = verifyTask({
      pull: reportPull,
      checkRuns: input.report.facts.checkRuns,
      statuses: input.report.facts.statuses,
      required: view.required,
      base: input.base,
      protectedPaths: input.config.protectedPaths,
      rerunFailedChecks: input.config.rerunFailedChecks,
      rerunRefused: input.rerunRefused,
      appId: input.appId,
    });
    return verdict.kind === "verified"
      ? planMerge(input, REPORT_TASK, reportPull, input.report.facts.reviews)
      : [];
  }
  const writes: EngineWrite[] = [];
  if (reportPull.merged && input.config.deleteBranch && input.report.branchExists) {
    writes.push({ kind: "delete-branch", taskId: REPORT_TASK, branch });
  }
  if (input.config.closePlan && input.plan.state === "open") {
    writes.push({
      kind: "update-issue",
      number: plan,
      reason: "every task is done or skipped",
      patch: { state: "closed", stateReason: "completed" },
    });
  }
  return writes;
}
