import type { ExternalLinks } from "./plan-external-links.ts";
import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";

/**
 * The `blocked by` writes that make the links among a plan's issues (`planIssues`: task issues, old
 * ones, phase issues) exactly `wanted` ([issue, blocker] pairs): missing links added, links between the
 * plan's issues that are not wanted removed. Links to issues outside the plan are added and removed only
 * as `external` says (the ones the plan names and Foreman recorded); all others are people's own and
 * left alone.
 */
export function linkBlockers(
  snapshot: PlanSnapshot,
  wanted: ReadonlyArray<readonly [issue: IssueRecord, blocker: IssueRecord]>,
  planIssues: readonly IssueRecord[],
  byTask: ReadonlyMap<string, IssueRecord>,
  external: ReadonlyMap<string, ExternalLinks>,
): PlanWrite[] {
  const desired = new Map<number, Set<number>>();
  for (const [issue, blocker] of wanted)
    desired.set(issue.number, new Set([...(desired.get(issue.number) ?? []), blocker.number]));
  const known = new Map(planIssues.map((issue) => [issue.number, issue]));
  const actions: PlanWrite[] = [];
  const link = (kind: "add-blocked-by" | "remove-blocked-by", issue: IssueRecord, blocker: IssueRecord) =>
    actions.push({ kind, number: issue.number, blockerNumber: blocker.number, blockerId: blocker.id });
  for (const issue of known.values()) {
    const actual = new Set((snapshot.blockedBy[issue.number] ?? []).filter((number) => known.has(number)));
    const want = desired.get(issue.number) ?? new Set<number>();
    for (const number of want) {
      const blocker = known.get(number);
      if (blocker && !actual.has(number)) link("add-blocked-by", issue, blocker);
    }
    for (const number of actual) {
      const blocker = known.get(number);
      if (blocker && !want.has(number)) link("remove-blocked-by", issue, blocker);
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
