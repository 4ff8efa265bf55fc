import { z } from "zod";

const positiveWhole = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .positive({ error: `must be at least 1 (${what})` });

const pricePerMillion = z
  .number({ error: "must be US dollars per million tokens" })
  .nonnegative({ error: "must be 0 or more US dollars per million tokens" });

/**
 * `planner:` in `.github/foreman.yml`: how `/foreman draft` asks the model for a plan. The model's
 * address and key are the operator's (environment), never the repository's: a committed base URL
 * would send the operator's key wherever a writer pointed it.
 */
export const plannerConfigSchema = z.strictObject({
  model: z
    .string({ error: "must be a model id, e.g. claude-sonnet-4-6" })
    .trim()
    .min(1, { error: "must not be empty" })
    .default("claude-sonnet-4-6")
    .describe("Messages API model id the planner asks"),
  repairRounds: z
    .number({ error: "must be a number (repair rounds)" })
    .int({ error: "must be a whole number (repair rounds)" })
    .min(0, { error: "must be 0 or more (repair rounds)" })
    .max(10, { error: "must be at most 10 (repair rounds)" })
    .default(2)
    .describe("how often a draft the compiler rejects goes back to the model with its problems"),
  budget: z
    .strictObject({
      tokens: positiveWhole("tokens per draft, input and output")
        .default(200_000)
        .describe("input and output tokens per draft"),
      usd: z
        .number({ error: "must be an amount in US dollars, or null for no limit" })
        .positive({ error: "must be more than 0, or null for no limit" })
        .nullable()
        .default(2)
        .describe("US dollars per draft; null: no limit"),
    })
    .prefault({})
    .describe("stop asking the model once one draft (questions and every round) used this much"),
  contextTokens: positiveWhole("tokens of repository context")
    .default(12_000)
    .describe("how much of the file tree, README, CLAUDE.md/AGENTS.md and manifests the model sees"),
  maxOutputTokens: positiveWhole("tokens per model answer")
    .default(16_000)
    .describe("the longest answer the model may give in one round"),
  pricing: z
    .strictObject({ inputPerMillion: pricePerMillion, outputPerMillion: pricePerMillion })
    .nullable()
    .default(null)
    .describe("US dollars per million tokens, for a model Foreman does not know the price of"),
});

export type PlannerConfig = z.infer<typeof plannerConfigSchema>;
