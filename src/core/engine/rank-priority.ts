const WORDS: Record<string, number> = {
  critical: 0,
  urgent: 0,
  highest: 0,
  blocker: 0,
  high: 1,
  important: 1,
  medium: 2,
  normal: 2,
  moderate: 2,
  low: 3,
  minor: 3,
  lowest: 4,
  trivial: 4,
};

/** Neither urgent nor deferred: where a task without a readable priority stands. */
const UNRANKED = 2;

/**
 * A task's `Priority` as a rank, lower first: `P0`/`P1`…, `1`/`2`…, or words (`critical`, `high`,
 * `medium`, `low`, …); anything else ranks with `medium`. Ties are broken by the caller.
 */
export function rankPriority(priority: string | null): number {
  const text = (priority ?? "").trim().toLowerCase();
  const numbered = /^p?(\d+)$/.exec(text);
  if (numbered) return Number(numbered[1]);
  const word = Object.keys(WORDS).find((key) => text === key || text.startsWith(`${key} `));
  return word === undefined ? UNRANKED : (WORDS[word] ?? UNRANKED);
}
