/** A cautious token estimate for budgeting before the API counts: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
