import type { PlanAction } from "./plan-action.ts";
import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/**
 * The `blocked by` writes that make the links among a plan's issues the transitive reduction of its
 * graph: missing links added, links between the plan's issues that the graph no longer has removed.
 * Links to issues outside the plan are people's own and left alone.
 */
export function linkBlockers(
  snapshot: PlanSnapshot,
  document: PlanDocument,
  byTask: ReadonlyMap<string, IssueRecord>,
  extras: readonly IssueRecord[],
): PlanAction[] {
  const desired = new Map<number, Set<number>>();
  for (const [taskId, blockerId] of document.blockers) {
    const issue = byTask.get(taskId);
    const blocker = byTask.get(blockerId);
    if (!issue || !blocker) continue;
    desired.set(issue.number, new Set([...(desired.get(issue.number) ?? []), blocker.number]));
  }
  const planIssues = new Map([...byTask.values(), ...extras].map((issue) => [issue.number, issue]));
  const actions: PlanAction[] = [];
  for (const issue of planIssues.values()) {
    const actual = new Set(
      (snapshot.blockedBy[issue.number] ?? []).filter((number) => planIssues.has(number)),
    );
    const wanted = desired.get(issue.number) ?? new Set<number>();
    for (const number of wanted) {
      const blocker = planIssues.get(number);
      if (blocker && !actual.has(number)) {
        actions.push({
          kind: "add-blocked-by",
          number: issue.number,
          blockerNumber: number,
          blockerId: blocker.id,
        });
      }
    }
    for (const number of actual) {
      const blocker = planIssues.get(number);
      if (blocker && !wanted.has(number)) {
        actions.push({
          kind: "remove-blocked-by",
          number: issue.number,
          blockerNumber: number,
          blockerId: blocker.id,
        });
      }
    }
  }
  return actions;
}
