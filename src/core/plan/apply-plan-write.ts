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
    case "create-phase-issue":
      return outcome.kind === "issue"
        ? { ...snapshot, phases: [...snapshot.phases, { issue: outcome.issue, subIssues: [] }] }
        : snapshot;
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
      return withParent(snapshot, action.childNumber, action.number);
    case "remove-sub-issue":
      return withoutParent(snapshot, action.childNumber, action.number);
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
  if (snapshot.phases.some((phase) => phase.issue.number === issue.number)) {
    const phases = snapshot.phases.map((phase) =>
      phase.issue.number === issue.number ? { ...phase, issue } : phase,
    );
    return { ...snapshot, phases };
  }
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
  const phases = snapshot.phases.map((phase) =>
    phase.issue.number === number
      ? { ...phase, issue: { ...phase.issue, labels: change(phase.issue.labels) } }
      : phase,
  );
  return { ...snapshot, issues, phases };
}

/**
 * The child a sub-issue of `parent` (null: of none), and of no other issue: GitHub gives an issue one
 * parent, and moving it (`replace_parent`) takes it from the one it had.
 */
function withParent(snapshot: PlanSnapshot, child: number, parent: number | null): PlanSnapshot {
  const moved = (issue: IssueRecord) => (issue.number === child ? { ...issue, parentNumber: parent } : issue);
  const listed = (numbers: number[], owner: number) => [
    ...numbers.filter((number) => number !== child),
    ...(owner === parent ? [child] : []),
  ];
  return {
    ...snapshot,
    subIssues: listed(snapshot.subIssues, snapshot.plan.number),
    phases: snapshot.phases.map((phase) => ({
      issue: moved(phase.issue),
      subIssues: listed(phase.subIssues, phase.issue.number),
    })),
    issues: snapshot.issues.map(moved),
  };
}

function withoutParent(snapshot: PlanSnapshot, child: number, parent: number): PlanSnapshot {
  const held =
    parent === snapshot.plan.number
      ? snapshot.subIssues.includes(child)
      : snapshot.phases.some((phase) => phase.issue.number === parent && phase.subIssues.includes(child));
  return held ? withParent(snapshot, child, null) : snapshot;
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
