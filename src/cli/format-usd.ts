/** Dollars as people compare them: two decimals. */
export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
