import type { ForemanConfig } from "../config/config-schema.ts";

/** Everything the engine's planners read of `.github/foreman.yml`. */
export type EngineConfig = Pick<
  ForemanConfig,
  | "concurrency"
  | "maxAttempts"
  | "merge"
  | "mergeMethod"
  | "deleteBranch"
  | "closePlan"
  | "rerunFailedChecks"
  | "attemptTimeoutMinutes"
  | "dispatchTimeoutMinutes"
  | "requiredChecks"
  | "protectedPaths"
  | "workflow"
  | "reportsDir"
  | "budget"
>;
