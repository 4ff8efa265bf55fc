import type { ExchangeSpec, ModelMessage, ModelRequest, Spent } from "./model-exchange.ts";

/** Fewer output tokens than this cannot hold a useful answer: stop for the budget instead. */
const MIN_ANSWER_TOKENS = 1024;

/**
 * The next request of an exchange with as many output tokens as the budget still pays for, or null
 * when the draft's token or dollar budget is spent (counting the input the request will cost).
 */
export function planNextRequest<T>(
  spec: ExchangeSpec<T>,
  messages: ModelMessage[],
  spent: Spent,
  estimatedInput: number,
): ModelRequest | null {
  if (spec.budget.usd !== null && spent.usd !== null && spent.usd >= spec.budget.usd) return null;
  const left = spec.budget.tokens - spent.inputTokens - spent.outputTokens - estimatedInput;
  if (left < MIN_ANSWER_TOKENS) return null;
  return {
    model: spec.model,
    system: spec.system,
    maxTokens: Math.min(spec.maxOutputTokens, left),
    tools: [spec.tool],
    toolChoice: { type: "tool", name: spec.tool.name },
    messages,
  };
}
