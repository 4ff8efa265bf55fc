import { formatMarker } from "../plan/format-marker.ts";

/** A draft's task markdown between its begin and end markers, as the draft comment and the plan body hold it. */
export function wrapDraftText(plan: number, markdown: string): string {
  return [
    formatMarker({ kind: "draft-text", plan, edge: "begin" }),
    markdown.trim(),
    formatMarker({ kind: "draft-text", plan, edge: "end" }),
  ].join("\n\n");
}
