import { readMarkers } from "../plan/read-markers.ts";

export type DraftTextSplit = {
  /** what comes before the draft text (in a plan body: the goal) */
  before: string;
  /** the task markdown between the markers */
  text: string;
  after: string;
};

const MARKER = /<!--\s*foreman:draft-text\s[^>]*-->/g;

/**
 * A body cut at its draft-text markers for `plan`: the first begin marker and the end marker after it.
 * Null when the body holds no complete draft text.
 */
export function splitAtDraftText(body: string, plan: number): DraftTextSplit | null {
  let begin: { start: number; end: number } | null = null;
  for (const match of body.matchAll(MARKER)) {
    const marker = readMarkers(match[0])[0];
    if (marker?.kind !== "draft-text" || marker.plan !== plan) continue;
    const at = { start: match.index, end: match.index + match[0].length };
    if (marker.edge === "begin" && begin === null) begin = at;
    else if (marker.edge === "end" && begin !== null) {
      return {
        before: body.slice(0, begin.start).trim(),
        text: body.slice(begin.end, at.start).trim(),
        after: body.slice(at.end).trim(),
      };
    }
  }
  return null;
}
