import type { ForemanConfig } from "../config/config-schema.ts";
import { type EngineConfig, engineConfigSchema } from "./engine-config.ts";

const ENGINE_DEFAULTS = engineConfigSchema.parse({});

/**
 * The engine's settings from `.github/foreman.yml` as the config schema reads it today: its own keys
 * (`engineConfigShape`) at their defaults until that shape is part of the config schema, and the
 * budget under the engine's names (`perTaskUsd` → `usdPerTask`, `perPlanUsd` → `usdPerPlan`).
 */
export function toEngineConfig(config: ForemanConfig): EngineConfig {
  return {
    ...ENGINE_DEFAULTS,
    budget: {
      usdPerTask: config.budget.perTaskUsd,
      usdPerPlan: config.budget.perPlanUsd,
      tokensPerPlan: ENGINE_DEFAULTS.budget.tokensPerPlan,
    },
    concurrency: config.concurrency,
    maxAttempts: config.maxAttempts,
    merge: config.merge,
    requiredChecks: config.requiredChecks,
    protectedPaths: config.protectedPaths,
    workflow: config.workflow,
    reportsDir: config.reportsDir,
  };
}
