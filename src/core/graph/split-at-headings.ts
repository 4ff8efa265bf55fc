/** Chunks below this size are not worth a parser call of their own. */
const MIN_CHUNK = 1024;

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// HTML blocks that run until an end marker, whatever blank lines they contain (CommonMark types 1–5).
const HTML_UNTIL_MARKER: ReadonlyArray<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
// Any other HTML block runs until a blank line (types 6 and 7); treating every `<` line so is cautious.
const HTML_UNTIL_BLANK = /^ {0,3}</;
// A link reference definition may be used anywhere in the document, so such documents are not split.
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * Offsets where the document can be cut into pieces that parse exactly as the whole does: lines that
 * begin an ATX heading at the left margin, outside fenced code and HTML blocks. Such a line always closes
 * every open block (a heading is never a lazy continuation), so nothing before it can reach past it.
 * Wherever two readings of the text are possible, it stops cutting: a cut not made costs a little speed,
 * a wrong cut would change the tree. Returns [0] for a single piece.
 */
export function splitAtHeadings(text: string): number[] {
  if (text.length < 2 * MIN_CHUNK || DEFINITION.test(text)) return [0];
  const starts = [0];
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: RegExp | "blank" | null = null;
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf("\n", offset);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(offset, end);
    const fenceLine = FENCE_OPEN.exec(line);
    const marker = fenceLine?.[1] ?? "";
    const indent = line.length - line.trimStart().length;
    const untilMarker = HTML_UNTIL_MARKER.find(([open]) => open.test(line));
    const opensBlock = fenceLine !== null || untilMarker !== undefined || HTML_UNTIL_BLANK.test(line);
    if (fence) {
      if (
        fenceLine &&
        marker[0] === fence.char &&
        marker.length >= fence.length &&
        (fenceLine[2] ?? "").trim() === ""
      ) {
        fence = null;
      }
    } else if (htmlEnd !== null) {
      // Inside an HTML block, a fence or another HTML opener is content, unless the block was never one
      // (`</pre>` and the like start one for some parsers and not others): stop cutting rather than guess.
      if (fenceLine || untilMarker) break;
      if (htmlEnd === "blank" ? line.trim() === "" : htmlEnd.test(line)) htmlEnd = null;
    } else if (opensBlock && indent > 0) {
      // Indented, it may open a block inside a list item, which a later line at the margin would close.
      break;
    } else if (fenceLine && !(marker[0] === "`" && (fenceLine[2] ?? "").includes("`"))) {
      fence = { char: marker[0] ?? "`", length: marker.length };
    } else if (untilMarker) {
      htmlEnd = untilMarker[1].test(line.replace(untilMarker[0], "")) ? null : untilMarker[1];
    } else if (ATX_HEADING.test(line)) {
      if (offset - (starts[starts.length - 1] ?? 0) >= MIN_CHUNK) starts.push(offset);
    } else if (HTML_UNTIL_BLANK.test(line)) {
      htmlEnd = "blank";
    }
    offset = end + 1;
  }
  return starts;
}
