import { z } from "zod";
import { PHASE_ISSUE_MODES } from "../graph/layout-sub-issues.ts";
import { plannerConfigSchema } from "../planner/planner-config-schema.ts";

/** Where users put Foreman's settings; every config message names this file and the key. */
export const CONFIG_PATH = ".github/foreman.yml";

const positiveWhole = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .positive({ error: `must be at least 1 (${what})` });

const minutes = (what: string) =>
  z
    .number({ error: `must be a number of minutes (${what})` })
    .positive({ error: `must be more than 0 minutes (${what})` });

const nonEmptyText = z.string({ error: "must be text" }).trim().min(1, { error: "must not be empty" });

const textList = z.array(nonEmptyText, { error: "must be a list of text values" });

const dollars = z
  .number({ error: "must be an amount in US dollars, or null for no limit" })
  .positive({ error: "must be more than 0, or null for no limit" })
  .nullable();

const tokens = z
  .number({ error: "must be a number of tokens, or null for no limit" })
  .int({ error: "must be a whole number of tokens, or null for no limit" })
  .positive({ error: "must be more than 0, or null for no limit" })
  .nullable();

export const budgetSchema = z.strictObject({
  perTaskUsd: dollars.default(5).describe("stop a task's attempts once they cost this much; null: no limit"),
  perPlanUsd: dollars
    .default(50)
    .describe("stop dispatching once the whole plan costs this much; null: no limit"),
  perTaskTokens: tokens
    .default(null)
    .describe("stop a task's attempts once they used this many input + output tokens (subscription plans)"),
  perPlanTokens: tokens
    .default(null)
    .describe("stop dispatching once the whole plan's attempts used this many tokens; null: no limit"),
});

/**
 * `.github/foreman.yml`. Every key has a default, so an absent file means "defaults"; unknown keys
 * are errors because a misspelt key silently falling back to its default is worse than a message.
 */
export const foremanConfigSchema = z.strictObject({
  label: nonEmptyText.default("foreman").describe("the label that turns an issue into a plan"),
  concurrency: positiveWhole("tasks running at once").default(3).describe("attempts running at once"),
  maxAttempts: positiveWhole("attempts per task before it needs a human")
    .default(3)
    .describe("attempts per task before it needs a human"),
  merge: z
    .enum(["auto", "review"], { error: 'must be "auto" or "review"' })
    .default("auto")
    .describe("auto: merge verified PRs; review: wait for an approving review"),
  mergeMethod: z
    .enum(["squash", "merge", "rebase"], { error: 'must be "squash", "merge" or "rebase"' })
    .default("squash")
    .describe("how a verified task PR is merged"),
  deleteBranch: z
    .boolean({ error: "must be true or false" })
    .default(true)
    .describe("delete a task's branch once its PR merged"),
  closePlan: z
    .boolean({ error: "must be true or false" })
    .default(true)
    .describe("close the plan issue once every task is done or skipped"),
  rerunFailedChecks: z
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .default(1)
    .describe("re-runs of a failed required check before it fails the attempt (absorbs flaky tests)"),
  attemptTimeoutMinutes: minutes("an attempt running longer is cancelled and failed")
    .default(60)
    .describe("an attempt's job running longer is cancelled, and the attempt fails"),
  dispatchTimeoutMinutes: minutes("a dispatch without a workflow run is sent again")
    .default(10)
    .describe("a dispatch that started no workflow run by then is sent again"),
  requiredChecks: z
    .union(
      [z.literal("auto"), z.array(nonEmptyText).min(1, { error: "must list at least one check name" })],
      {
        error: 'must be "auto" or a non-empty list of check names',
      },
    )
    .default("auto")
    .describe("auto: the base branch's required checks; or the check names to wait for"),
  model: nonEmptyText.default("sonnet").describe("the Claude model each attempt runs"),
  maxTurns: positiveWhole("agent turns per attempt").default(40).describe("agent turns per attempt"),
  allowedTools: textList
    .default(["Read", "Edit", "Write", "Glob", "Grep", "Bash"])
    .describe("the Claude Code tools an attempt may use"),
  protectedPaths: textList
    .default([".github/**", "CODEOWNERS", "docs/CODEOWNERS"])
    .describe("a task PR touching these globs is never verified"),
  workflow: nonEmptyText.default("foreman-task.yml").describe("file name under .github/workflows"),
  phaseIssues: z
    .enum(PHASE_ISSUE_MODES, { error: 'must be "auto", "always" or "never"' })
    .default("auto")
    .describe(
      "one issue per phase, each task's issue under it: auto when GitHub's limits need it (over 100 tasks), always, or never",
    ),
  reportsDir: nonEmptyText.default(".foreman/reports").describe("where task and plan reports are committed"),
  budget: budgetSchema.prefault({}).describe("spending limits in US dollars and tokens"),
  allowBots: textList.default([]).describe("bot logins whose /foreman commands are obeyed"),
  planner: plannerConfigSchema.prefault({}).describe("`/foreman draft`: model, budget, repair rounds"),
});

export type ForemanConfig = z.infer<typeof foremanConfigSchema>;
