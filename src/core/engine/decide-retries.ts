import type { EngineTask, EscalationRecord, FeedbackRecord } from "./engine-input.ts";
import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { failureSignature } from "./failure-signature.ts";
import { judgeRetry } from "./judge-retry.ts";
import { NEEDS_HUMAN_LABEL } from "./needs-human-label.ts";
import { renderEscalationComment } from "./render-escalation-comment.ts";
import { renderFeedbackComment } from "./render-feedback-comment.ts";

/**
 * Failure, retry, escalation (DESIGN.md "Retry / escalate"; issue #10, item 5). A failed attempt gets
 * its feedback comment on the child issue (what the next attempt is told); the dispatch planner starts
 * the next attempt once it is there. When no retry is allowed (attempts used, no progress, task budget
 * spent, the agent asked for help, a protected path, a closed PR) the task is labelled
 * `foreman:needs-human` and the plan's author is called in once, with what to do. A job running past
 * `attemptTimeoutMinutes` is cancelled (its attempt then fails), as is any job of a task that was
 * skipped or cancelled.
 */
export function decideRetries(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  const writes: EngineWrite[] = [];
  for (const task of input.tasks) {
    const work = view.work.get(task.id);
    const child = task.child;
    if (!work || !child) continue;
    const { phase } = work;
    const state = view.states[task.id];
    if (phase.kind === "running" && (phase.overdue || state === "skipped" || state === "cancelled")) {
      writes.push({ kind: "cancel-run", taskId: task.id, runId: phase.run.id });
      continue;
    }
    if (phase.kind !== "failed" && phase.kind !== "stuck") continue;
    if (state === "skipped" || state === "cancelled" || state === "done") continue;
    if (phase.kind === "failed" && !hasRecord(task, "feedback", work.current)) {
      writes.push({
        kind: "post-record",
        number: child.number,
        taskId: task.id,
        body: renderFeedbackComment({
          plan: input.plan.number,
          task: task.id,
          attempt: work.current,
          cause: phase.cause,
          head: phase.pull?.headSha ?? null,
          signature: failureSignature(phase.cause),
          details: task.checkDetails,
        }),
      });
    }
    const judgement = judgeRetry(task, work, view.ledger, input.config);
    if (judgement.retry) continue;
    if (!child.labels.includes(NEEDS_HUMAN_LABEL)) {
      writes.push({ kind: "add-labels", number: child.number, labels: [NEEDS_HUMAN_LABEL] });
    }
    if (!hasRecord(task, "escalation", work.current)) {
      const feedback = task.records
        .filter((record): record is FeedbackRecord => record.kind === "feedback")
        .at(-1);
      writes.push({
        kind: "post-record",
        number: child.number,
        taskId: task.id,
        body: renderEscalationComment({
          plan: input.plan.number,
          task: task.id,
          attempt: work.current,
          author: input.plan.author,
          reason: judgement.reason,
          feedbackUrl: feedback?.url ?? null,
          pullUrl: work.pull?.url ?? null,
        }),
      });
    }
  }
  return writes;
}

function hasRecord(task: EngineTask, kind: "feedback" | "escalation", attempt: number): boolean {
  return task.records.some(
    (record): record is FeedbackRecord | EscalationRecord =>
      record.kind === kind && record.attempt === attempt,
  );
}
