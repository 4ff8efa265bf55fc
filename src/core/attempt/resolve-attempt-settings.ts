import type { ForemanConfig } from "../config/config-schema.ts";
import type { AttemptRecord } from "./read-attempt-history.ts";

export type AttemptOverrides = {
  model: string | null;
  maxTurns: number | null;
  budgetUsd: number | null;
  maxTokens: number | null;
  reportsDir: string | null;
};

export type AttemptSettings = {
  model: string;
  maxTurns: number;
  /** this attempt's dollar limit; null: none */
  budgetUsd: number | null;
  /** this attempt's cap on input + output tokens; null: none */
  maxTokens: number | null;
  reportsDir: string;
  protectedPaths: string[];
};

/**
 * The limits of one attempt: the Action's inputs win over `.github/foreman.yml`. Without a
 * `budget-usd` input the attempt may spend what is left of the task's budget (`budget.perTaskUsd`
 * minus what earlier attempts recorded), so retries cannot together exceed it; tokens likewise
 * (`max-tokens`, else what is left of `budget.perTaskTokens`), for subscription plans, whose dollar
 * figures are only estimates.
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
  const spentTokens = history.reduce((sum, record) => sum + (record.input ?? 0) + (record.output ?? 0), 0);
  const perTaskTokens = config.budget.perTaskTokens;
  const maxTokens = overrides.maxTokens ?? (perTaskTokens === null ? null : perTaskTokens - spentTokens);
  if (maxTokens !== null && maxTokens <= 0) {
    return {
      ok: false,
      reason: `the task's token budget is spent (${spentTokens} of ${perTaskTokens ?? 0} tokens over ${history.length} attempt(s)); raise \`budget.perTaskTokens\` in .github/foreman.yml to continue`,
    };
  }
  return {
    ok: true,
    settings: {
      model: overrides.model ?? config.model,
      maxTurns: overrides.maxTurns ?? config.maxTurns,
      budgetUsd,
      maxTokens,
      reportsDir: (overrides.reportsDir ?? config.reportsDir).replace(/^\.\/+/, "").replace(/\/+$/, ""),
      protectedPaths: [...config.protectedPaths],
    },
  };
}
