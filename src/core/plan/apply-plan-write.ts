import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite, WriteOutcome } from "./plan-write.ts";

/**
 * The snapshot as it is after `action` succeeded with `outcome`: exactly what reading GitHub again
 * would show, without the reads. The executor folds every write through here between reconcile rounds.
 */
export function applyPlanWrite(
  snapshot: PlanSnapshot,
  action: PlanWrite,
  outcome: WriteOutcome,
): PlanSnapshot {
  switch (action.kind) {
    case "create-label":
      return { ...snapshot, repoLabels: [...snapshot.repoLabels, action.name] };
    case "create-issue":
    case "update-issue":
      return outcome.kind === "issue" ? withIssue(snapshot, outcome.issue) : snapshot;
    case "add-labels":
      return withLabels(snapshot, action.number, (labels) => [
        ...labels,
        ...action.labels.filter((label) => !labels.includes(label)),
      ]);
    case "remove-label":
      return withLabels(snapshot, action.number, (labels) =>
        labels.filter((label) => label !== action.label),
      );
    case "add-sub-issue":
      return { ...snapshot, subIssues: [...snapshot.subIssues, action.childNumber] };
    case "remove-sub-issue":
      return { ...snapshot, subIssues: snapshot.subIssues.filter((number) => number !== action.childNumber) };
    case "delete-comment":
      return {
        ...snapshot,
        comments: snapshot.comments.filter((comment) => comment.id !== action.commentId),
      };
    case "add-blocked-by":
      return withBlockers(snapshot, action.number, (blockers) => [...blockers, action.blockerNumber]);
    case "remove-blocked-by":
      return withBlockers(snapshot, action.number, (blockers) =>
        blockers.filter((blocker) => blocker !== action.blockerNumber),
      );
    case "create-comment":
    case "update-comment": {
      if (outcome.kind !== "comment") return snapshot;
      const others = snapshot.comments.filter((comment) => comment.id !== outcome.comment.id);
      return { ...snapshot, comments: [...others, outcome.comment] };
    }
  }
}

function withIssue(snapshot: PlanSnapshot, issue: IssueRecord): PlanSnapshot {
  if (issue.number === snapshot.plan.number) return { ...snapshot, plan: issue };
  const others = snapshot.issues.filter((known) => known.number !== issue.number);
  return { ...snapshot, issues: [...others, issue].sort((a, b) => a.number - b.number) };
}

function withLabels(
  snapshot: PlanSnapshot,
  number: number,
  change: (labels: string[]) => string[],
): PlanSnapshot {
  if (number === snapshot.plan.number) {
    return { ...snapshot, plan: { ...snapshot.plan, labels: change(snapshot.plan.labels) } };
  }
  const issues = snapshot.issues.map((issue) =>
    issue.number === number ? { ...issue, labels: change(issue.labels) } : issue,
  );
  return { ...snapshot, issues };
}

function withBlockers(
  snapshot: PlanSnapshot,
  number: number,
  change: (blockers: number[]) => number[],
): PlanSnapshot {
  return {
    ...snapshot,
    blockedBy: { ...snapshot.blockedBy, [number]: change(snapshot.blockedBy[number] ?? []) },
  };
}
