import type { Spent } from "./model-exchange.ts";

function thousands(count: number): string {
  return count < 1000 ? String(count) : `${(count / 1000).toFixed(1)}k`;
}

/** `claude-sonnet-4-6 · 3 calls · 12.4k tokens in, 2.1k out · $0.071`: what a planner step used. */
export function describeSpent(spent: Spent, model: string): string {
  const calls = `${spent.calls} model call${spent.calls === 1 ? "" : "s"}`;
  const tokens = `${thousands(spent.inputTokens)} tokens in, ${thousands(spent.outputTokens)} out`;
  const cost =
    spent.usd === null
      ? "cost unknown: set `planner.pricing` for this model"
      : `$${spent.usd < 0.01 && spent.usd > 0 ? spent.usd.toFixed(4) : spent.usd.toFixed(3)}`;
  return `${model} · ${calls} · ${tokens} · ${cost}`;
}
