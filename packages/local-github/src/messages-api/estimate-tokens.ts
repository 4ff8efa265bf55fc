/**
 * A token count close enough for figures and budgets: the real tokenizer averages about four
 * characters of English or code per token.
 */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}
