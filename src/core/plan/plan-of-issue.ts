import type { EventIssue } from "./foreman-event.ts";
import { readFooterMarker } from "./read-footer-marker.ts";

/**
 * Which plan an issue belongs to. `adopted` is set when the number comes from a task marker in an issue
 * Foreman did not create: it counts only once that plan's text is read and adopts the issue.
 */
export type PlanClaim = { plan: number; task: string | null; adopted: number | null };

/**
 * The one answer to "which plan is this issue part of": the issue itself when it carries the plan
 * label; else the plan named by the task marker in its footer, trusted outright only in an issue
 * Foreman created, and only as a claim to check in any other; or by the phase marker of a phase issue
 * Foreman created.
 */
export function planOfIssue(
  issue: Pick<EventIssue, "number" | "body" | "labels" | "author" | "isPullRequest">,
  who: { label: string; selfLogin: string },
): PlanClaim | null {
  if (issue.isPullRequest) return null;
  if (issue.labels.includes(who.label)) return { plan: issue.number, task: null, adopted: null };
  const marker = readFooterMarker(issue.body);
  // A phase issue belongs to its plan only as Foreman made it: anyone else's is a person's issue.
  if (marker?.kind === "phase" && issue.author === who.selfLogin && marker.plan !== issue.number)
    return { plan: marker.plan, task: null, adopted: null };
  if (marker?.kind !== "task" || marker.plan === issue.number) return null;
  return {
    plan: marker.plan,
    task: marker.task,
    adopted: issue.author === who.selfLogin ? null : issue.number,
  };
}
