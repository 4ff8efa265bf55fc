import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";

/**
 * The issue an issue is a sub-issue of: the plan or one of its phase issues, as their sub-issue lists
 * say (read and folded, they decide), else what GitHub's `parent_issue_url` said of another issue.
 */
export function readParentNumber(snapshot: PlanSnapshot, issue: IssueRecord): number | null {
  if (snapshot.subIssues.includes(issue.number)) return snapshot.plan.number;
  const phase = snapshot.phases.find((known) => known.subIssues.includes(issue.number));
  if (phase) return phase.issue.number;
  const listed = (number: number) =>
    number === snapshot.plan.number || snapshot.phases.some((known) => known.issue.number === number);
  return issue.parentNumber !== null && !listed(issue.parentNumber) ? issue.parentNumber : null;
}
