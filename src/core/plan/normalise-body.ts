/**
 * A body as compared for "update only if different": GitHub's editor saves `\r\n` and may drop the
 * final newline, neither of which is a change worth a write.
 */
export function normaliseBody(text: string): string {
  return text.replace(/\r\n?/g, "\n").trimEnd();
}
