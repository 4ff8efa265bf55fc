import type { ExternalLinks } from "./plan-external-links.ts";
import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/**
 * The `blocked by` writes that make the links among a plan's issues the transitive reduction of its
 * graph: missing links added, links between the plan's issues that the graph no longer has removed.
 * Links to issues outside the plan are added and removed only as `external` says (the ones the plan
 * names and Foreman recorded); all others are people's own and left alone.
 */
export function linkBlockers(
  snapshot: PlanSnapshot,
  document: PlanDocument,
  byTask: ReadonlyMap<string, IssueRecord>,
  extras: readonly IssueRecord[],
  external: ReadonlyMap<string, ExternalLinks>,
): PlanWrite[] {
  const desired = new Map<number, Set<number>>();
  for (const [taskId, blockerId] of document.blockers) {
    const issue = byTask.get(taskId);
    const blocker = byTask.get(blockerId);
    if (!issue || !blocker) continue;
    desired.set(issue.number, new Set([...(desired.get(issue.number) ?? []), blocker.number]));
  }
  const planIssues = new Map([...byTask.values(), ...extras].map((issue) => [issue.number, issue]));
  const actions: PlanWrite[] = [];
  const link = (kind: "add-blocked-by" | "remove-blocked-by", issue: IssueRecord, blocker: IssueRecord) =>
    actions.push({ kind, number: issue.number, blockerNumber: blocker.number, blockerId: blocker.id });
  for (const issue of planIssues.values()) {
    const actual = new Set(
      (snapshot.blockedBy[issue.number] ?? []).filter((number) => planIssues.has(number)),
    );
    const wanted = desired.get(issue.number) ?? new Set<number>();
    for (const number of wanted) {
      const blocker = planIssues.get(number);
      if (blocker && !actual.has(number)) link("add-blocked-by", issue, blocker);
    }
    for (const number of actual) {
      const blocker = planIssues.get(number);
      if (blocker && !wanted.has(number)) link("remove-blocked-by", issue, blocker);
    }
  }
  for (const [taskId, links] of external) {
    const issue = byTask.get(taskId);
    if (!issue) continue;
    for (const blocker of links.add) link("add-blocked-by", issue, blocker);
    for (const blocker of links.remove) link("remove-blocked-by", issue, blocker);
  }
  return actions;
}
