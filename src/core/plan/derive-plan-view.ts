import type { TaskState } from "../graph/task-state.ts";
import { deriveTaskStates } from "./derive-task-states.ts";
import { CANCELLED_LABEL, PAUSED_LABEL } from "./foreman-labels.ts";
import type { PlanMarker, PlanMarkerKind } from "./plan-marker.ts";
import type { CommentRecord, IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";
import { readFooterMarker } from "./read-footer-marker.ts";
import { resolveChildren } from "./resolve-children.ts";
import type { TaskOutline } from "./task-outline.ts";
import { tasksFromIssues } from "./tasks-from-issues.ts";

export type Approval = Extract<PlanMarker, { kind: "approval" }>;
export type MarkedComment = { comment: CommentRecord; marker: PlanMarker };

/**
 * How a plan stands, derived from its snapshot:
 * - `not-started`: no writer approved any text yet;
 * - `approved`: the current text is the approved one; its tasks are the plan;
 * - `changed`: the text was edited after approval; the existing issues are the plan until a replan.
 */
export type PlanView = {
  mode: "not-started" | "approved" | "changed";
  approval: Approval | null;
  /** Foreman's marked comments on the plan, the oldest of each kind */
  comments: Map<PlanMarkerKind, MarkedComment>;
  tasks: TaskOutline[];
  /** task id → child issue */
  children: Map<string, IssueRecord>;
  /** issues with this plan's marker that stand for no task (removed from the plan, duplicates) */
  extras: IssueRecord[];
  states: Record<string, TaskState>;
  /** states of the extras, by their marker's task id */
  extraStates: Record<string, TaskState>;
  cancelled: boolean;
  paused: boolean;
  /** issue number → every issue the snapshot holds: the plan's own and the existing ones tasks wait for */
  issues: Map<number, IssueRecord>;
};

export function derivePlanView(snapshot: PlanSnapshot, document: PlanDocument): PlanView {
  const comments = markedComments(snapshot);
  const found = comments.get("approval")?.marker;
  const approval = found?.kind === "approval" ? found : null;
  const cancelled = snapshot.plan.labels.includes(CANCELLED_LABEL);
  const paused = snapshot.plan.labels.includes(PAUSED_LABEL);
  const issues = new Map(
    [...snapshot.issues, ...snapshot.externalIssues].map((issue) => [issue.number, issue]),
  );
  const base = { approval, comments, cancelled, paused, issues };
  if (approval === null) {
    return {
      ...base,
      mode: "not-started",
      tasks: [],
      children: new Map(),
      extras: [],
      states: {},
      extraStates: {},
    };
  }
  if (approval.spec === document.spec) {
    const tasks = document.graph.tasks;
    const resolved = resolveChildren(tasks, snapshot);
    const leftovers = tasksFromIssues(resolved.extras, snapshot);
    return {
      ...base,
      mode: "approved",
      tasks,
      children: resolved.byTask,
      extras: resolved.extras,
      states: deriveTaskStates({
        tasks,
        children: resolved.byTask,
        facts: snapshot.tasks,
        planCancelled: cancelled,
        issues,
      }),
      extraStates: deriveTaskStates({
        ...leftovers,
        facts: snapshot.tasks,
        planCancelled: cancelled,
        issues,
      }),
    };
  }
  // Issues a replan closed because their task left the plan are history, not part of the plan.
  const current = snapshot.issues.filter(
    (issue) =>
      cancelled ||
      !(
        issue.state === "closed" &&
        issue.stateReason === "not_planned" &&
        issue.labels.includes(CANCELLED_LABEL)
      ),
  );
  const approved = tasksFromIssues(current, snapshot);
  return {
    ...base,
    mode: "changed",
    ...approved,
    extras: [],
    states: deriveTaskStates({ ...approved, facts: snapshot.tasks, planCancelled: cancelled, issues }),
    extraStates: {},
  };
}

function markedComments(snapshot: PlanSnapshot): Map<PlanMarkerKind, MarkedComment> {
  const found = new Map<PlanMarkerKind, MarkedComment>();
  for (const comment of [...snapshot.comments].sort((a, b) => a.id - b.id)) {
    // A comment is what its footer marker says it is; markers quoted or typed inside it are not read.
    const marker = readFooterMarker(comment.body);
    const forThisPlan = marker !== null && "plan" in marker && marker.plan === snapshot.plan.number;
    if (marker && forThisPlan && !found.has(marker.kind)) found.set(marker.kind, { comment, marker });
  }
  return found;
}
