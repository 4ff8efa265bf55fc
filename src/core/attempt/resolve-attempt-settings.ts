import type { ForemanConfig } from "../config/config-schema.ts";
import type { AttemptRecord } from "./read-attempt-history.ts";

export type AttemptOverrides = {
  model: string | null;
  maxTurns: number | null;
  budgetUsd: number | null;
  reportsDir: string | null;
};

export type AttemptSettings = {
  model: string;
  maxTurns: number;
  /** this attempt's dollar limit; null: none */
  budgetUsd: number | null;
  reportsDir: string;
  protectedPaths: string[];
};

/**
 * The limits of one attempt: the Action's inputs win over `.github/foreman.yml`. Without a
 * `budget-usd` input the attempt may spend what is left of the task's budget (`budget.perTaskUsd`
 * minus what earlier attempts recorded), so retries cannot together exceed it.
 */
export function resolveAttemptSettings(
  config: ForemanConfig,
  overrides: AttemptOverrides,
  history: readonly AttemptRecord[],
): { ok: true; settings: AttemptSettings } | { ok: false; reason: string } {
  const spent = history.reduce((sum, record) => sum + (record.cost ?? 0), 0);
  const perTask = config.budget.perTaskUsd;
  const budgetUsd = overrides.budgetUsd ?? (perTask === null ? null : perTask - spent);
  if (budgetUsd !== null && budgetUsd <= 0) {
    return {
      ok: false,
      reason: `the task's budget is spent ($${spent.toFixed(4)} of $${(perTask ?? 0).toFixed(2)} over ${history.length} attempt(s)); raise \`budget.perTaskUsd\` in .github/foreman.yml to continue`,
    };
  }
  return {
    ok: true,
    settings: {
      model: overrides.model ?? config.model,
      maxTurns: overrides.maxTurns ?? config.maxTurns,
      budgetUsd,
      reportsDir: (overrides.reportsDir ?? config.reportsDir).replace(/^\.\/+/, "").replace(/\/+$/, ""),
      protectedPaths: [...config.protectedPaths],
    },
  };
}
