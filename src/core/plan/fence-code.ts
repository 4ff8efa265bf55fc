/** A fenced code block whose fence is longer than any backtick run inside, so the code stays intact. */
export function fenceCode(code: string, language: string): string {
  const longestRun = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longestRun + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
}
