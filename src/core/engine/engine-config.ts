import { z } from "zod";
import type { ForemanConfig } from "../config/config-schema.ts";

const minutes = (what: string) =>
  z
    .number({ error: `must be a number of minutes (${what})` })
    .positive({ error: `must be more than 0 minutes (${what})` });

const limit = (unit: string) =>
  z
    .number({ error: `must be ${unit}, or null for no limit` })
    .positive({ error: "must be more than 0, or null for no limit" })
    .nullable();

/**
 * `budget:` in `.github/foreman.yml`. Tokens as well as dollars: on subscription plans the dollar
 * figure the agent reports is only an estimate.
 */
export const engineBudgetSchema = z.strictObject({
  usdPerTask: limit("an amount in US dollars").default(5).describe("a task's attempts stop at this cost"),
  usdPerPlan: limit("an amount in US dollars").default(50).describe("dispatch stops at this plan cost"),
  tokensPerPlan: limit("a number of tokens")
    .default(null)
    .describe("dispatch stops once the plan's attempts used this many tokens"),
});

/**
 * The engine's keys of `.github/foreman.yml`, as a shape to spread into the config schema (which keeps
 * `concurrency`, `maxAttempts`, `merge`, `requiredChecks`, `protectedPaths`, `workflow`, `reportsDir`).
 */
export const engineConfigShape = {
  mergeMethod: z
    .enum(["squash", "merge", "rebase"], { error: 'must be "squash", "merge" or "rebase"' })
    .default("squash"),
  deleteBranch: z.boolean({ error: "must be true or false" }).default(true),
  closePlan: z.boolean({ error: "must be true or false" }).default(true).describe("close the plan when done"),
  rerunFailedChecks: z
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .default(1)
    .describe("re-runs of a failed required check before it fails the attempt (absorbs flakiness)"),
  attemptTimeoutMinutes: minutes("an attempt running longer is cancelled and failed").default(60),
  dispatchTimeoutMinutes: minutes("a dispatch without a workflow run is sent again").default(10),
  resyncMinutes: minutes("the hosted app reconciles open plans this often").default(15),
  budget: engineBudgetSchema.prefault({}),
};

export const engineConfigSchema = z.strictObject(engineConfigShape);

/** Everything the engine's planners read of the configuration. */
export type EngineConfig = z.infer<typeof engineConfigSchema> &
  Pick<
    ForemanConfig,
    "concurrency" | "maxAttempts" | "merge" | "requiredChecks" | "protectedPaths" | "workflow" | "reportsDir"
  >;
