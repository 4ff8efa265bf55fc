import type { Spent } from "./model-exchange.ts";

/** Nothing used yet: where a draft's count starts. */
export const ZERO_SPENT: Spent = { inputTokens: 0, outputTokens: 0, usd: 0, calls: 0 };
