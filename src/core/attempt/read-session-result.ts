import { z } from "zod";

/** The fields of the SDK's `result` message the Action reads; the rest may change between versions. */
const modelUsageSchema = z
  .object({
    inputTokens: z.number().default(0),
    outputTokens: z.number().default(0),
    cacheReadInputTokens: z.number().default(0),
    cacheCreationInputTokens: z.number().default(0),
  })
  .loose();

const resultSchema = z
  .object({
    type: z.literal("result"),
    subtype: z.string(),
    is_error: z.boolean().default(false),
    num_turns: z.number().int().nonnegative().default(0),
    duration_ms: z.number().nonnegative().default(0),
    total_cost_usd: z.number().nonnegative().default(0),
    result: z.string().optional(),
    errors: z.array(z.string()).optional(),
    terminal_reason: z.string().optional(),
    api_error_status: z.number().nullable().optional(),
    usage: z
      .object({
        input_tokens: z.number().default(0),
        output_tokens: z.number().default(0),
        cache_read_input_tokens: z.number().nullable().default(0),
        cache_creation_input_tokens: z.number().nullable().default(0),
      })
      .loose()
      .optional(),
    modelUsage: z.record(z.string(), modelUsageSchema).optional(),
  })
  .loose();

export type SessionResult = {
  subtype: string;
  isError: boolean;
  turns: number;
  durationMs: number;
  costUsd: number;
  text: string;
  terminalReason: string | null;
  apiErrorStatus: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
};

/**
 * The SDK's `result` message as plain figures: tokens from `modelUsage` (every model the session
 * used) when present, else the main loop's `usage`; the cost is the result's running total.
 */
export function readSessionResult(message: unknown): SessionResult | null {
  const parsed = resultSchema.safeParse(message);
  if (!parsed.success) return null;
  const result = parsed.data;
  const models = Object.values(result.modelUsage ?? {});
  const sum = (pick: (usage: z.infer<typeof modelUsageSchema>) => number) =>
    models.reduce((total, usage) => total + pick(usage), 0);
  const usage = result.usage;
  return {
    subtype: result.subtype,
    isError: result.is_error,
    turns: result.num_turns,
    durationMs: result.duration_ms,
    costUsd: result.total_cost_usd,
    text: result.result ?? (result.errors ?? []).join("\n"),
    terminalReason: result.terminal_reason ?? null,
    apiErrorStatus: result.api_error_status ?? null,
    inputTokens: models.length > 0 ? sum((entry) => entry.inputTokens) : (usage?.input_tokens ?? 0),
    outputTokens: models.length > 0 ? sum((entry) => entry.outputTokens) : (usage?.output_tokens ?? 0),
    cacheReadTokens:
      models.length > 0 ? sum((entry) => entry.cacheReadInputTokens) : (usage?.cache_read_input_tokens ?? 0),
    cacheCreationTokens:
      models.length > 0
        ? sum((entry) => entry.cacheCreationInputTokens)
        : (usage?.cache_creation_input_tokens ?? 0),
  };
}
