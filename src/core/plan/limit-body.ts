/** GitHub's limit for issue and comment bodies (it counts code points; UTF-16 units are never fewer). */
export const BODY_LIMIT = 65_536;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const NOTE = "\n\n_…cut here to fit GitHub's limit of 65,536 characters._";

/**
 * A body that fits GitHub's limit, its footer (the identifying marker) kept last: when `content` is too
 * long it is cut at a line break, open code fences and `<details>` are closed, and a note says so.
 */
export function limitBody(content: string, footer: string): string {
  const whole = `${content}\n\n${footer}\n`;
  if (whole.length <= BODY_LIMIT) return whole;
  // Room for the note, the footer, and the fence and details closers added below.
  const room = BODY_LIMIT - footer.length - NOTE.length - 400;
  let cut = content.slice(0, room);
  const lastBreak = cut.lastIndexOf("\n");
  if (lastBreak > room / 2) cut = cut.slice(0, lastBreak);
  // Never end between the two halves of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  let fence: string | null = null;
  for (const line of cut.split("\n")) {
    const opened = FENCE.exec(line)?.[1];
    if (!opened) continue;
    if (fence === null) fence = opened;
    else if (opened[0] === fence[0] && opened.length >= fence.length) fence = null;
  }
  const closers = fence === null ? "" : `\n${fence}`;
  const open = (cut.match(/<details\b/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  const details = "\n\n</details>".repeat(Math.max(0, Math.min(open, 10)));
  return `${cut}${closers}${details}${NOTE}\n\n${footer}\n`;
}
