import { formatMarker } from "./format-marker.ts";

export type ApprovalView = {
  planNumber: number;
  spec: string;
  by: string;
  /** true when this replaces an earlier approval (a replan) */
  again: boolean;
};

/**
 * The pinned spec: who approved which plan text. Its marker is the record the reconcile compares
 * the current text against; only Foreman's own comments are trusted to carry it.
 */
export function renderApprovalComment(view: ApprovalView): string {
  const heading = view.again ? `🔁 Plan re-approved by @${view.by}` : `▶️ Plan approved by @${view.by}`;
  return [
    `### ${heading}`,
    `Foreman runs this text (spec \`${view.spec}\`). Edits to the plan pause it until a writer comments \`/foreman replan\`.`,
    formatMarker({ kind: "approval", plan: view.planNumber, spec: view.spec, by: view.by }),
  ]
    .join("\n\n")
    .concat("\n");
}
