import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";
import { readTaskMarker } from "./read-task-marker.ts";

/** One task's `blocked by` links to issues outside the plan. */
export type ExternalLinks = {
  /** what the child's marker should record as linked by Foreman, ascending */
  record: number[];
  /** links to add: named by the plan, already recorded, not there yet */
  add: IssueRecord[];
  /** links to remove: recorded (so Foreman made them), still there, no longer named by the plan */
  remove: IssueRecord[];
};

/**
 * The links from each task's child to the existing issues the plan says it waits for (`Depends on:
 * #99`). Foreman owns only the links it made itself, and it says which in the child's marker
 * (`external=99,45`), written before the link is added: so a link a person added by hand, even to an
 * issue the plan names, is never in the record and never removed. A number is recorded when the plan
 * names it and the link is absent (Foreman is about to add it) or was recorded before; it stays
 * recorded while the link exists, and is dropped once the link is gone and the plan no longer names it.
 * Issues that do not exist, pull requests and the plan's own issues (phase issues too) get no link here (the first two are
 * reported as plan problems; links among the plan's issues follow the task graph).
 */
export function planExternalLinks(
  snapshot: PlanSnapshot,
  document: PlanDocument,
  byTask: ReadonlyMap<string, IssueRecord>,
  extras: readonly IssueRecord[],
): Map<string, ExternalLinks> {
  const planNumbers = new Set([
    snapshot.plan.number,
    ...[...byTask.values(), ...extras].map((issue) => issue.number),
    ...snapshot.phases.map((phase) => phase.issue.number),
  ]);
  const linkable = new Map(
    snapshot.externalIssues
      .filter((issue) => !issue.isPullRequest && !planNumbers.has(issue.number))
      .map((issue) => [issue.number, issue]),
  );
  const links = new Map<string, ExternalLinks>();
  for (const task of document.graph.tasks) {
    const child = byTask.get(task.id);
    const named = new Set((document.issueDependencies.get(task.id) ?? []).filter((n) => linkable.has(n)));
    const recorded = new Set(child ? recordedLinks(child, snapshot.plan.number) : []);
    const linked = new Set(
      child ? (snapshot.blockedBy[child.number] ?? []).filter((n) => !planNumbers.has(n)) : [],
    );
    const record = [...new Set([...named, ...recorded])]
      .filter(
        (n) => (named.has(n) && (recorded.has(n) || !linked.has(n))) || (recorded.has(n) && linked.has(n)),
      )
      .sort((a, b) => a - b);
    const issuesOf = (numbers: number[]) =>
      numbers.flatMap((n) => {
        const issue = linkable.get(n);
        return issue ? [issue] : [];
      });
    const add = issuesOf([...named].filter((n) => recorded.has(n) && !linked.has(n)));
    const remove = issuesOf([...recorded].filter((n) => linked.has(n) && !named.has(n)));
    if (record.length > 0 || recorded.size > 0 || add.length > 0 || remove.length > 0) {
      links.set(task.id, { record, add, remove });
    }
  }
  return links;
}

function recordedLinks(child: IssueRecord, planNumber: number): number[] {
  const marker = readTaskMarker(child.body, planNumber);
  return marker ? (marker.external ?? []) : [];
}
