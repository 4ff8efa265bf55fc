import type { Actor } from "../commands/authorize-actor.ts";
import { hashPlanText } from "./hash-plan-text.ts";
import type { IssueRecord } from "./plan-snapshot.ts";

/**
 * The start a lost `labeled` delivery carried, rebuilt from what GitHub still shows (DESIGN.md
 * "Untrusted text stays untrusted"): who added the label and when come from the issue's events; the text
 * they approved is the current one only when nothing about the issue changed after the label
 * (`updated_at` not past the label's time). Otherwise it is unknown (`spec` null) and nothing may be
 * approved in their name. GitHub's times have whole seconds, so an edit in the label's own second looks
 * like one before it; an edit delivered to Foreman is answered at once (see `decideApproval`), which
 * moves `updated_at` past the label, so only an edit whose delivery is lost too can hide in that second.
 */
export function recoverLostStart(
  plan: Pick<IssueRecord, "body" | "updatedAt">,
  labelled: { actor: Actor; at: string },
): { actor: Actor; spec: string | null } {
  const updated = utcSecond(plan.updatedAt);
  const label = utcSecond(labelled.at);
  const unchanged = updated !== null && label !== null && updated <= label;
  return { actor: labelled.actor, spec: unchanged ? hashPlanText(plan.body) : null };
}

/** GitHub's `2026-12-01T13:15:47Z` to the second, comparable as text; null for anything else (unproven). */
function utcSecond(time: string): string | null {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(time) ? time.slice(0, 19) : null;
}
