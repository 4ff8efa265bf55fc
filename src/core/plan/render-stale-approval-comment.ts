import { formatMarker } from "./format-marker.ts";

export type StaleApprovalView = {
  planNumber: number;
  /**
   * who tried to start the plan, and the hash of the text their event carried; null when that text is
   * not known (a lost label event, and the issue changed after it)
   */
  by: string;
  approvedSpec: string | null;
  /** hash of the text as it is now */
  currentSpec: string;
  /** true once a later start approved the current text */
  resolved: boolean;
};

/**
 * Said when a writer started the plan but its text changed before Foreman applied it (someone edited it
 * right after): Foreman runs only the exact text a writer approved, so it asks for a start of the new one.
 */
export function renderStaleApprovalComment(view: StaleApprovalView): string {
  const marker = formatMarker({ kind: "approval-stale", plan: view.planNumber });
  if (view.resolved) {
    return `### ✅ The current plan text is approved now\n\nSpec \`${view.currentSpec}\`.\n\n${marker}\n`;
  }
  const what =
    view.approvedSpec === null
      ? `The plan label is on this issue, but the plan was never started and the issue changed after the label was added (spec \`${view.currentSpec}\` now), so which text the writer who labelled it approved is not known. Foreman runs only text a writer approved, so nothing was created.`
      : `@${view.by} started spec \`${view.approvedSpec}\`, but the issue now holds spec \`${view.currentSpec}\`: it was edited in between. Foreman runs only text a writer approved, so nothing was created.`;
  return [
    "### ⚠️ Not started: the plan text changed after it was approved",
    what,
    "A writer who has read the current text can start it with `/foreman start`.",
    marker,
  ]
    .join("\n\n")
    .concat("\n");
}
