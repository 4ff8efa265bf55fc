import type { AttemptRun, PlanRun, TaskRun } from "./plan-run.ts";

export type PlanRunTotals = {
  total: number;
  done: number;
  /** every attempt dispatched, first attempts and retries */
  attempts: number;
  retries: number;
  /** null when no attempt reported a dollar figure */
  costUsd: number | null;
  tokens: number;
  elapsedMs: number;
  /** tasks waiting for a person: needs-human, or blocked behind one */
  stuck: TaskRun[];
  /** task id → the sum of its attempts' cost, null when none reported one */
  costByTask: Record<string, number | null>;
};

/** The figures every view leads with, derived from the tasks so no view can disagree with another. */
export function summarisePlanRun(run: PlanRun, now: number): PlanRunTotals {
  const attempts = run.tasks.flatMap((task) => task.attempts);
  const end = run.finishedAt === null ? now : Date.parse(run.finishedAt);
  return {
    total: run.tasks.length,
    done: run.tasks.filter((task) => task.state === "done").length,
    attempts: attempts.length,
    retries: run.tasks.reduce((sum, task) => sum + Math.max(0, task.attempts.length - 1), 0),
    costUsd: sumCosts(attempts),
    tokens: attempts.reduce(
      (sum, attempt) => sum + (attempt.inputTokens ?? 0) + (attempt.outputTokens ?? 0),
      0,
    ),
    elapsedMs: Math.max(0, end - Date.parse(run.startedAt)),
    stuck: run.tasks.filter((task) => task.state === "needs-human" || task.state === "blocked"),
    costByTask: Object.fromEntries(run.tasks.map((task) => [task.id, sumCosts(task.attempts)])),
  };
}

function sumCosts(attempts: readonly AttemptRun[]): number | null {
  const costs = attempts.map((attempt) => attempt.costUsd).filter((cost) => cost !== null);
  return costs.length === 0 ? null : costs.reduce((sum, cost) => sum + cost, 0);
}
