import type { EngineConfig } from "./engine-config.ts";
import type { AttemptRecord, EngineTask } from "./engine-input.ts";

export type Spend = { attempts: number; turns: number; tokens: number; cost: number };

export type BudgetLedger = {
  tasks: Record<string, Spend>;
  plan: Spend;
  /** the plan budget is used up (dollars or tokens): nothing more is dispatched */
  planSpent: boolean;
};

/**
 * The plan-wide budget ledger (issue #10, item 7): the figures each attempt's `foreman:attempt` record
 * reports, summed per task and per plan. An attempt reported twice (a re-run job) counts once, with its
 * latest figures, since the agent's cost is a running total, not an increment.
 */
export function computeBudgetLedger(
  tasks: readonly EngineTask[],
  budget: EngineConfig["budget"],
): BudgetLedger {
  const perTask: Record<string, Spend> = {};
  const plan: Spend = { attempts: 0, turns: 0, tokens: 0, cost: 0 };
  for (const task of tasks) {
    const latest = new Map<number, AttemptRecord>();
    for (const record of task.records) if (record.kind === "attempt") latest.set(record.attempt, record);
    const spend: Spend = { attempts: latest.size, turns: 0, tokens: 0, cost: 0 };
    for (const record of latest.values()) {
      spend.turns += record.turns;
      spend.tokens += record.tokens;
      spend.cost += record.cost;
    }
    perTask[task.id] = spend;
    plan.attempts += spend.attempts;
    plan.turns += spend.turns;
    plan.tokens += spend.tokens;
    plan.cost += spend.cost;
  }
  const over = (used: number, cap: number | null) => cap !== null && used >= cap;
  return {
    tasks: perTask,
    plan,
    planSpent: over(plan.cost, budget.perPlanUsd) || over(plan.tokens, budget.perPlanTokens),
  };
}
