import { linkBlockers } from "./link-blockers.ts";
import { planExternalLinks } from "./plan-external-links.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";

/** Every child a sub-issue of the plan, and `blocked by` links as the graph's transitive reduction. */
export function decideLinks(round: PlanRound): PlanStep {
  const { snapshot, document, view, planNumber } = round;
  if (view.mode !== "approved") return { writes: [], stop: false };
  const writes: PlanWrite[] = [];
  for (const issue of view.children.values()) {
    if (!snapshot.subIssues.includes(issue.number)) {
      writes.push({
        kind: "add-sub-issue",
        number: planNumber,
        childNumber: issue.number,
        childId: issue.id,
      });
    }
  }
  const external = planExternalLinks(snapshot, document, view.children, view.extras);
  writes.push(...linkBlockers(snapshot, document, view.children, view.extras, external));
  return { writes, stop: false };
}
