import { diffChildIssue } from "./diff-child-issue.ts";
import { diffPlanTasks } from "./diff-plan-tasks.ts";
import { findPlanProblems } from "./find-plan-problems.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import { projectTaskState } from "./project-task-state.ts";
import { renderChildForTask } from "./render-child-for-task.ts";
import { resolveChildren } from "./resolve-children.ts";
import { resolveStaleComment } from "./resolve-stale-comment.ts";
import { upsertPlanComment } from "./upsert-plan-comment.ts";

/**
 * The text changed since it was approved: show what a replan would do and keep the issues' state
 * labels current, but change no task until a writer approves the new text. Once the text is the
 * approved one again, the comment says so.
 */
export function decidePlanChange(round: PlanRound): PlanStep {
  const { snapshot, document, view, texts, planNumber } = round;
  const approval = view.approval;
  const existing = view.comments.get("plan-changed");
  if (approval === null) return { writes: [], stop: false };
  if (view.mode === "approved") {
    const writes = resolveStaleComment(snapshot, existing, () =>
      texts.planChangeComment({ planNumber, approval, spec: document.spec, change: null }),
    );
    return { writes, stop: false };
  }
  const newTasks = document.graph.tasks;
  const newChildren = resolveChildren(newTasks, snapshot);
  const render = renderChildForTask(texts, planNumber, newChildren.byTask, newTasks);
  const errors = findPlanProblems(snapshot, document, round.settings?.phaseIssues ?? "auto");
  const changes =
    errors.length > 0
      ? []
      : diffPlanTasks({
          tasks: newTasks,
          children: newChildren,
          states: view.states,
          renderBody: (task) => render(task, []).body,
        });
  const body = texts.planChangeComment({
    planNumber,
    approval,
    spec: document.spec,
    change: { changes, errors },
  });
  const writes = upsertPlanComment(snapshot, existing?.comment, body);
  for (const task of view.tasks) {
    const child = view.children.get(task.id);
    const state = view.states[task.id];
    if (child && state) writes.push(...diffChildIssue(child, projectTaskState(child, state)));
  }
  return { writes, stop: false };
}
