import type { ModelPrice, ModelUsage } from "./model-exchange.ts";

/**
 * What one answer cost, as Anthropic bills it: input, output, and cache reads (a tenth of input) and
 * writes (a quarter more than input). Null when the price is unknown.
 */
export function costOfUsage(usage: ModelUsage, price: ModelPrice | null): number | null {
  if (price === null) return null;
  const input = usage.inputTokens + usage.cacheReadTokens * 0.1 + usage.cacheWriteTokens * 1.25;
  return (input * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}
