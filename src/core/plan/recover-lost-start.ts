import type { Actor } from "../commands/authorize-actor.ts";
import { hashPlanText } from "./hash-plan-text.ts";
import type { IssueRecord } from "./plan-snapshot.ts";

/**
 * The start a lost `labeled` delivery carried, rebuilt from what GitHub still shows (DESIGN.md
 * "Untrusted text stays untrusted"): who added the label and when come from the issue's events; the text
 * they approved is the current one only when nothing about the issue changed after the label
 * (`updated_at` not past the label's time). Otherwise it is unknown (`spec` null) and nothing may be
 * approved in their name. GitHub's times have whole seconds, so an edit in the label's own second looks
 * like one before it. An edit delivered to Foreman is answered at once with the stale-approval note
 * (see `decideApproval`), and that note, once there, settles it: the text changed since a label, so
 * nothing is approved without a writer's `/foreman start`. Only an edit whose delivery is lost too can
 * hide in the label's second.
 */
export function recoverLostStart(
  plan: Pick<IssueRecord, "body" | "updatedAt">,
  labelled: { actor: Actor; at: string },
  staleNoted: boolean,
): { actor: Actor; spec: string | null } {
  const updated = utcSecond(plan.updatedAt);
  const label = utcSecond(labelled.at);
  const unchanged = !staleNoted && updated !== null && label !== null && updated <= label;
  return { actor: labelled.actor, spec: unchanged ? hashPlanText(plan.body) : null };
}

/** GitHub's `2026-12-01T13:15:47Z` to the second, comparable as text; null for anything else (unproven). */
function utcSecond(time: string): string | null {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(time) ? time.slice(0, 19) : null;
}
