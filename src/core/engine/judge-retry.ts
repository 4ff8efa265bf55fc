import type { BudgetLedger } from "./compute-budget-ledger.ts";
import type { TaskWork } from "./derive-task-work.ts";
import type { EngineConfig } from "./engine-config.ts";
import type { EngineTask, FeedbackRecord } from "./engine-input.ts";
import { failureSignature } from "./failure-signature.ts";
import type { EscalationReason } from "./render-escalation-comment.ts";

export type RetryJudgement = { retry: true } | { retry: false; reason: EscalationReason };

/**
 * Whether a task whose current attempt failed (or got stuck) gets another attempt, or a person
 * (DESIGN.md "Retry / escalate"): not after `maxAttempts` attempts since the last `/foreman retry`,
 * not when the task's budget is spent, and not when the attempt made no progress — no new commit on
 * the head the previous attempt left, or the same failures as the previous attempt.
 */
export function judgeRetry(
  task: EngineTask,
  work: TaskWork,
  ledger: BudgetLedger,
  config: Pick<EngineConfig, "maxAttempts" | "budget">,
): RetryJudgement {
  const { phase } = work;
  // `/foreman retry` after attempt N forgives everything up to N: the next attempt starts.
  if (work.current <= task.retryFrom) return { retry: true };
  if (phase.kind === "stuck") return { retry: false, reason: { kind: "stuck", cause: phase.cause } };
  if (phase.kind !== "failed") return { retry: true };
  const spent = ledger.tasks[task.id] ?? { cost: 0, tokens: 0 };
  const { perTaskUsd, perTaskTokens } = config.budget;
  const overBudget =
    perTaskUsd !== null && spent.cost >= perTaskUsd
      ? { unit: "usd" as const, spent: spent.cost, cap: perTaskUsd }
      : perTaskTokens !== null && spent.tokens >= perTaskTokens
        ? { unit: "tokens" as const, spent: spent.tokens, cap: perTaskTokens }
        : null;
  if (overBudget) return { retry: false, reason: { kind: "task-budget", ...overBudget } };
  if (work.current - task.retryFrom >= config.maxAttempts) {
    return {
      retry: false,
      reason: { kind: "attempts-used", maxAttempts: config.maxAttempts, last: phase.cause },
    };
  }
  const previous = task.records
    .filter(
      (record): record is FeedbackRecord =>
        record.kind === "feedback" && record.attempt === work.current - 1 && record.attempt > task.retryFrom,
    )
    .at(-1);
  if (previous && phase.cause.kind !== "never-started") {
    const head = phase.pull?.headSha ?? null;
    const sameHead = head !== null && previous.head === head;
    if (sameHead || previous.failures === failureSignature(phase.cause)) {
      return { retry: false, reason: { kind: "no-progress", last: phase.cause } };
    }
  }
  return { retry: true };
}
