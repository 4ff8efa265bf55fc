/** Command output kept in a report: the head and the tail, where errors and summaries are. */
export function boundOutput(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const head = Math.floor(maxChars * 0.4);
  const tail = maxChars - head;
  return {
    text: `${text.slice(0, head)}\n[… ${text.length - maxChars} characters cut …]\n${text.slice(-tail)}`,
    truncated: true,
  };
}
