import { linkBlockers } from "./link-blockers.ts";
import { planExternalLinks } from "./plan-external-links.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";
import { readParentNumber } from "./read-parent-number.ts";
import { resolvePhaseIssues } from "./resolve-phase-issues.ts";

/**
 * Every child a sub-issue of its phase's issue (or of the plan, where the layout has no phase issues),
 * every phase issue a sub-issue of the plan, unused ones no longer; `blocked by` links as the layout
 * says: the graph's transitive reduction, whole phases as one link where a task needs it.
 */
export function decideLinks(round: PlanRound): PlanStep {
  const { snapshot, document, view, planNumber, layout } = round;
  if (view.mode !== "approved") return { writes: [], stop: false };
  const phases = resolvePhaseIssues(snapshot, new Set(layout.phases.map((slot) => slot.key)));
  const writes: PlanWrite[] = [];
  const place = (issue: IssueRecord, parent: number) => {
    const current = readParentNumber(snapshot, issue);
    if (current === parent) return;
    writes.push({
      kind: "add-sub-issue",
      number: parent,
      childNumber: issue.number,
      childId: issue.id,
      replaceParent: current !== null,
    });
  };
  for (const phase of phases.byKey.values()) place(phase.issue, planNumber);
  for (const [taskId, issue] of view.children) {
    const key = layout.parentOf.get(taskId);
    const parent = key === undefined ? planNumber : phases.byKey.get(key)?.issue.number;
    // A phase issue not created yet: its tasks are placed once it exists.
    if (parent !== undefined) place(issue, parent);
  }
  for (const { issue } of phases.extras) {
    if (readParentNumber(snapshot, issue) !== planNumber) continue;
    writes.push({
      kind: "remove-sub-issue",
      number: planNumber,
      childNumber: issue.number,
      childId: issue.id,
    });
  }

  const wanted = layout.blockers.flatMap(([taskId, blocker]): Array<[IssueRecord, IssueRecord]> => {
    const issue = view.children.get(taskId);
    const target =
      blocker.kind === "task" ? view.children.get(blocker.id) : phases.byKey.get(blocker.key)?.issue;
    return issue && target ? [[issue, target]] : [];
  });
  const planIssues = [
    ...view.children.values(),
    ...view.extras,
    ...snapshot.phases.map((phase) => phase.issue),
  ];
  const external = planExternalLinks(snapshot, document, view.children, view.extras);
  writes.push(...linkBlockers(snapshot, wanted, planIssues, view.children, external));
  return { writes, stop: false };
}
