import type { ConfigResult } from "../config/parse-config.ts";
import type { Task } from "../graph/task-graph.ts";
import { TASK_STATES, type TaskState } from "../graph/task-state.ts";
import { topologicalOrder } from "../graph/transitive-reduction.ts";
import { canRewriteTask } from "./can-rewrite-task.ts";
import { type Approval, derivePlanView, type MarkedComment, type PlanView } from "./derive-plan-view.ts";
import { diffPlanTasks } from "./diff-plan-tasks.ts";
import { findAdoptionProblems } from "./find-adoption-problems.ts";
import { findDependencyProblems } from "./find-dependency-problems.ts";
import { INVALID_LABEL, LABEL_STYLES, TASK_LABEL } from "./foreman-labels.ts";
import { formatMarker } from "./format-marker.ts";
import { hashTask } from "./hash-task.ts";
import { linkBlockers } from "./link-blockers.ts";
import { normaliseBody } from "./normalise-body.ts";
import type { IssuePatch, PlanAction } from "./plan-action.ts";
import { planExternalLinks } from "./plan-external-links.ts";
import type { CommentRecord, IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";
import { readMarkers } from "./read-markers.ts";
import { renderApprovalComment } from "./render-approval-comment.ts";
import { renderChildIssue } from "./render-child-issue.ts";
import { renderConfigErrorComment } from "./render-config-error-comment.ts";
import { renderInvalidPlanComment } from "./render-invalid-plan-comment.ts";
import { renderPlanChangeComment } from "./render-plan-change-comment.ts";
import { type PlanStatus, renderTrackingComment } from "./render-tracking-comment.ts";
import { resolveChildren } from "./resolve-children.ts";
import { stripMarkers } from "./strip-markers.ts";

export type ReconcileInput = {
  snapshot: PlanSnapshot;
  /** the plan's current text, compiled */
  document: PlanDocument;
  config: ConfigResult;
  /** `templates/child-issue.md` and `templates/tracking-comment.md` */
  templates: { childIssue: string; trackingComment: string };
  links: { formatReference: string; config: string };
  /** a writer asked to run the current text: the label was added, `/foreman start` or `/foreman replan` */
  approveBy: string | null;
};

/** The plan label's default, for messages written before a valid config names the real one. */
const DEFAULT_LABEL = "foreman";

/**
 * Snapshot → the writes that bring GitHub to what the plan says (DESIGN.md "Reconcile"). Pure and
 * idempotent: run on a snapshot that already matches, it returns nothing. Writes that depend on an
 * earlier one (a dependent's body links its blocker's number) come in a later round, after the
 * executor folded the first round's results into the snapshot. The tracking comment is written
 * last, once nothing else is left to do, so it is rebuilt once per reconcile.
 */
export function reconcilePlan(input: ReconcileInput): PlanAction[] {
  const { snapshot, document, config } = input;
  const view = derivePlanView(snapshot, document);
  const label = config.ok ? config.config.label : DEFAULT_LABEL;
  const planNumber = snapshot.plan.number;

  if (!config.ok) {
    if (input.approveBy === null && view.approval === null) return [];
    const body = renderConfigErrorComment({
      planNumber,
      problems: config.problems,
      configUrl: input.links.config,
      label,
    });
    return upsertComment(snapshot, view.comments.get("config-error")?.comment, body);
  }
  const actions = resolveStaleComment(snapshot, view.comments.get("config-error"), () =>
    renderConfigErrorComment({ planNumber, problems: [], configUrl: input.links.config, label }),
  );

  if (input.approveBy !== null) {
    const problems = [
      ...document.errors,
      ...findAdoptionProblems(input.snapshot, input.document),
      ...findDependencyProblems(input.snapshot, input.document),
    ];
    if (problems.length > 0) {
      const body = renderInvalidPlanComment({
        planNumber,
        diagnostics: [
          ...problems,
          ...document.graph.diagnostics.filter((item) => item.severity === "warning"),
        ],
        label,
        formatReferenceUrl: input.links.formatReference,
      });
      actions.push(...upsertComment(snapshot, view.comments.get("invalid")?.comment, body));
      if (!snapshot.plan.labels.includes(INVALID_LABEL)) {
        actions.push({ kind: "add-labels", number: planNumber, labels: [INVALID_LABEL] });
      }
      return withMissingLabels(actions, snapshot);
    }
    if (view.approval?.spec !== document.spec) {
      const body = renderApprovalComment({
        planNumber,
        spec: document.spec,
        by: input.approveBy,
        again: view.approval !== null,
      });
      return [...actions, ...upsertComment(snapshot, view.comments.get("approval")?.comment, body)];
    }
  }
  if (view.approval === null) return actions;

  const structural =
    view.mode === "approved"
      ? approvedActions(input, view, view.approval)
      : changedPlanActions(input, view, view.approval);
  actions.push(...structural.actions);
  if (actions.length > 0) return withMissingLabels(actions, snapshot);
  return upsertComment(snapshot, view.comments.get("tracking")?.comment, structural.tracking());
}

type StructuralResult = { actions: PlanAction[]; tracking: () => string };

/** The tracking comment for the plan as it stands; what differs between approved and paused is passed in. */
function trackingComment(
  input: ReconcileInput,
  view: PlanView,
  approval: Approval,
  shown: Pick<Parameters<typeof renderTrackingComment>[0], "tasks" | "warnings" | "planChangedUrl">,
): string {
  return renderTrackingComment({
    template: input.templates.trackingComment,
    planNumber: input.snapshot.plan.number,
    status: planStatus(view),
    approval: { by: approval.by, spec: approval.spec },
    states: view.states,
    children: view.children,
    issues: view.issues,
    runtime: input.snapshot.runtime,
    ...shown,
  });
}

/** The approved text is the current one: create, update, link and close until the issues match it. */
function approvedActions(input: ReconcileInput, view: PlanView, approval: Approval): StructuralResult {
  const { snapshot, document } = input;
  const plan = snapshot.plan;
  const tasks = document.graph.tasks;
  const actions: PlanAction[] = [];

  if (plan.labels.includes(INVALID_LABEL))
    actions.push({ kind: "remove-label", number: plan.number, label: INVALID_LABEL });
  actions.push(
    ...resolveStaleComment(snapshot, view.comments.get("invalid"), () =>
      renderInvalidPlanComment({
        planNumber: plan.number,
        diagnostics: [],
        label: DEFAULT_LABEL,
        formatReferenceUrl: input.links.formatReference,
      }),
    ),
    ...resolveStaleComment(snapshot, view.comments.get("plan-changed"), () =>
      renderPlanChangeComment({
        planNumber: plan.number,
        approval,
        spec: document.spec,
        change: null,
        formatReferenceUrl: input.links.formatReference,
      }),
    ),
  );

  const render = childRenderer(input, view.children, tasks);
  const external = planExternalLinks(snapshot, document, view.children, view.extras);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  for (const id of topologicalOrder(tasks) ?? tasks.map((task) => task.id)) {
    const task = byId.get(id);
    const state = view.states[id];
    if (!task || !state) continue;
    const child = view.children.get(id);
    const linked = external.get(id)?.record ?? [];
    if (child) {
      actions.push(...childUpdate(child, desiredChild(task, child, state, plan.number, linked, render)));
    } else if (
      task.issue === null &&
      task.deps.every((dependency) => !byId.has(dependency.id) || view.children.has(dependency.id))
    ) {
      const { title, body } = render(task, linked);
      actions.push({
        kind: "create-issue",
        taskId: id,
        title,
        body,
        labels: [TASK_LABEL, `foreman:${state}`],
      });
    }
  }
  for (const extra of view.extras) {
    const taskId = readMarkers(extra.body).find((marker) => marker.kind === "task");
    const state = taskId?.kind === "task" ? view.extraStates[taskId.task] : undefined;
    if (extra.state === "open" && canRewriteTask(state)) {
      actions.push({
        kind: "update-issue",
        number: extra.number,
        reason: "its task is no longer in the plan",
        patch: {
          state: "closed",
          stateReason: "not_planned",
          labels: withStateLabel(extra.labels, "cancelled"),
        },
      });
    }
  }
  for (const issue of view.children.values()) {
    if (!snapshot.subIssues.includes(issue.number)) {
      actions.push({
        kind: "add-sub-issue",
        number: plan.number,
        childNumber: issue.number,
        childId: issue.id,
      });
    }
  }
  actions.push(...linkBlockers(input.snapshot, input.document, view.children, view.extras, external));

  return {
    actions,
    tracking: () =>
      trackingComment(input, view, approval, {
        tasks,
        warnings: document.graph.diagnostics.filter((diagnostic) => diagnostic.severity === "warning"),
        planChangedUrl: null,
      }),
  };
}

function childRenderer(
  input: ReconcileInput,
  children: ReadonlyMap<string, IssueRecord>,
  tasks: readonly Task[],
) {
  const issueNumbers = new Map([...children].map(([id, issue]) => [id, issue.number]));
  const titles = new Map(tasks.map((task) => [task.id, task.title]));
  return (task: Task, external: readonly number[]) =>
    renderChildIssue(
      task,
      { template: input.templates.childIssue, planNumber: input.snapshot.plan.number, issueNumbers, titles },
      external,
    );
}

/**
 * The text changed since it was approved: show what a replan would do and keep the issues' state
 * labels current, but change no task until a writer approves the new text.
 */
function changedPlanActions(input: ReconcileInput, view: PlanView, approval: Approval): StructuralResult {
  const { snapshot, document } = input;
  const plan = snapshot.plan;
  const newTasks = document.graph.tasks;
  const newChildren = resolveChildren(newTasks, snapshot);
  const render = childRenderer(input, newChildren.byTask, newTasks);
  const errors = [
    ...document.errors,
    ...findAdoptionProblems(input.snapshot, input.document),
    ...findDependencyProblems(input.snapshot, input.document),
  ];
  const changes =
    errors.length > 0
      ? []
      : diffPlanTasks({
          tasks: newTasks,
          children: newChildren,
          states: view.states,
          renderBody: (task) => render(task, []).body,
        });
  const existing = view.comments.get("plan-changed")?.comment;
  const changeComment = renderPlanChangeComment({
    planNumber: plan.number,
    approval,
    spec: document.spec,
    change: { changes, errors },
    formatReferenceUrl: input.links.formatReference,
  });
  const actions = upsertComment(snapshot, existing, changeComment);
  for (const task of view.tasks) {
    const child = view.children.get(task.id);
    const state = view.states[task.id];
    if (child && state) actions.push(...childUpdate(child, stateProjection(child, state)));
  }
  return {
    actions,
    tracking: () =>
      trackingComment(input, view, approval, {
        tasks: view.tasks,
        warnings: [],
        planChangedUrl: existing?.url ?? null,
      }),
  };
}

type DesiredChild = {
  title?: string;
  body?: string;
  labels: string[];
  state?: IssuePatch["state"];
  stateReason?: IssuePatch["stateReason"];
};

/** What every child shows of its state: one `foreman:<state>` label, and closed once finished. */
function stateProjection(child: IssueRecord, state: TaskState): DesiredChild {
  const projection: DesiredChild = { labels: withStateLabel(child.labels, state) };
  if (child.state === "open" && (state === "done" || state === "skipped" || state === "cancelled")) {
    projection.state = "closed";
    projection.stateReason = state === "done" ? "completed" : "not_planned";
  }
  return projection;
}

/**
 * What a child should be: its state, and its text when Foreman may write it. `external` is what its
 * marker must record as linked by Foreman; it is kept current even where the text is not rewritten.
 */
function desiredChild(
  task: Task,
  child: IssueRecord,
  state: TaskState,
  planNumber: number,
  external: readonly number[],
  render: (task: Task, external: readonly number[]) => { title: string; body: string },
): DesiredChild {
  const desired = stateProjection(child, state);
  const current = readMarkers(child.body).find(
    (marker) => marker.kind === "task" && marker.plan === planNumber,
  );
  if (task.issue !== null) {
    // An adopted issue keeps its author's title and text; Foreman only adds its marker below them.
    const marker = formatMarker({
      kind: "task",
      plan: planNumber,
      task: task.id,
      spec: hashTask(task),
      external: [...external],
    });
    desired.body = `${stripMarkers(child.body)}\n\n${marker}\n`;
  } else if (canRewriteTask(state)) {
    Object.assign(desired, render(task, external));
  } else if (current?.kind === "task" && (current.external ?? []).join() !== external.join()) {
    // A started task keeps its text; only the record of the links Foreman made changes.
    desired.body = `${stripMarkers(child.body)}\n\n${formatMarker({ ...current, external: [...external] })}\n`;
  }
  return desired;
}

function childUpdate(child: IssueRecord, desired: DesiredChild): PlanAction[] {
  const patch: IssuePatch = {};
  const reasons: string[] = [];
  if (desired.title !== undefined && desired.title !== child.title) {
    patch.title = desired.title;
    reasons.push("title");
  }
  if (desired.body !== undefined && normaliseBody(desired.body) !== normaliseBody(child.body)) {
    patch.body = desired.body;
    reasons.push("body");
  }
  if (!sameSet(desired.labels, child.labels)) {
    patch.labels = desired.labels;
    reasons.push("labels");
  }
  if (desired.state !== undefined && desired.state !== child.state) {
    patch.state = desired.state;
    if (desired.stateReason) patch.stateReason = desired.stateReason;
    reasons.push("state");
  }
  return reasons.length === 0
    ? []
    : [{ kind: "update-issue", number: child.number, reason: reasons.join(", "), patch }];
}

function planStatus(view: PlanView): PlanStatus {
  if (view.cancelled) return "cancelled";
  if (view.mode === "changed") return "plan-changed";
  if (view.paused) return "paused";
  const states = Object.values(view.states);
  return states.length > 0 && states.every((state) => state === "done" || state === "skipped")
    ? "done"
    : "running";
}

function upsertComment(
  snapshot: PlanSnapshot,
  existing: CommentRecord | undefined,
  body: string,
): PlanAction[] {
  if (!existing) return [{ kind: "create-comment", number: snapshot.plan.number, body }];
  return normaliseBody(existing.body) === normaliseBody(body)
    ? []
    : [{ kind: "update-comment", commentId: existing.id, body }];
}

/** A problem comment that no longer applies is rewritten once to say so; absent ones stay absent. */
function resolveStaleComment(
  snapshot: PlanSnapshot,
  existing: MarkedComment | undefined,
  resolved: () => string,
): PlanAction[] {
  return existing ? upsertComment(snapshot, existing.comment, resolved()) : [];
}

/** Labels Foreman applies are created first (with colour and description) where the repo lacks them. */
function withMissingLabels(actions: PlanAction[], snapshot: PlanSnapshot): PlanAction[] {
  const used = new Set(
    actions.flatMap((action) => {
      if (action.kind === "create-issue" || action.kind === "add-labels") return action.labels;
      if (action.kind === "update-issue") return action.patch.labels ?? [];
      return [];
    }),
  );
  const missing = [...used].filter((name) => !snapshot.repoLabels.includes(name) && LABEL_STYLES[name]);
  const creates = missing.map((name): PlanAction => {
    const style = LABEL_STYLES[name] ?? { color: "ededed", description: "" };
    return { kind: "create-label", name, color: style.color, description: style.description };
  });
  return [...creates, ...actions];
}

const STATE_LABELS: ReadonlySet<string> = new Set(TASK_STATES.map((state) => `foreman:${state}`));

/** The issue's labels with exactly one state label; labels people added are kept. */
function withStateLabel(labels: readonly string[], state: TaskState): string[] {
  const kept = labels.filter((label) => !STATE_LABELS.has(label));
  return [...new Set([...kept, TASK_LABEL, `foreman:${state}`])];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
