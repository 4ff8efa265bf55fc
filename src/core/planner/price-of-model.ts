import type { ModelPrice } from "./model-exchange.ts";

/** Anthropic's list prices by model family, most specific first (US dollars per million tokens). */
const PRICES: ReadonlyArray<{ pattern: RegExp; price: ModelPrice }> = [
  { pattern: /opus-4-[5-9]|opus-[5-9]/, price: { inputPerMillion: 5, outputPerMillion: 25 } },
  { pattern: /opus/, price: { inputPerMillion: 15, outputPerMillion: 75 } },
  { pattern: /sonnet/, price: { inputPerMillion: 3, outputPerMillion: 15 } },
  { pattern: /haiku-4|haiku-[5-9]/, price: { inputPerMillion: 1, outputPerMillion: 5 } },
  { pattern: /3-5-haiku|haiku-3-5/, price: { inputPerMillion: 0.8, outputPerMillion: 4 } },
  { pattern: /haiku/, price: { inputPerMillion: 0.25, outputPerMillion: 1.25 } },
];

/** The configured price, else the list price of the model's family; null for a model nobody priced. */
export function priceOfModel(model: string, configured: ModelPrice | null): ModelPrice | null {
  if (configured !== null) return configured;
  return PRICES.find((entry) => entry.pattern.test(model.toLowerCase()))?.price ?? null;
}
