import type { Task } from "../graph/task-graph.ts";
import { hashPlanText } from "../plan/hash-plan-text.ts";
import { hashTask } from "../plan/hash-task.ts";
import type { CommentRecord, IssueRecord } from "../plan/plan-snapshot.ts";
import { preparePlanDocument } from "../plan/prepare-plan-document.ts";
import { readMarkers } from "../plan/read-markers.ts";
import type { AttemptResult } from "./attempt-types.ts";

export type AttemptTaskInput = {
  planNumber: number;
  taskId: string;
  /** Foreman's own login: only its comments and issues carry trusted markers */
  selfLogin: string;
  plan: IssueRecord | null;
  /** Foreman's own comments on the plan issue */
  planComments: readonly CommentRecord[];
  /** issues whose body carries a task marker (the child issue is among them) */
  candidates: readonly IssueRecord[];
};

export type AttemptTask =
  | { ok: true; task: Task; planTitle: string; goal: string; child: IssueRecord; spec: string }
  | { ok: false; result: AttemptResult; reason: string; child: IssueRecord | null };

/**
 * The task an attempt works on, from GitHub alone: the plan's text must be the one a writer approved
 * (its hash pinned in Foreman's approval comment), the task is read from that text, and its child
 * issue is the one Foreman created (or adopted) whose marker names the plan, the task and the same
 * task hash. Anything else is refused with what to do about it, before any work starts.
 */
export function resolveAttemptTask(input: AttemptTaskInput): AttemptTask {
  const { planNumber, taskId } = input;
  const isChild = (issue: IssueRecord) =>
    readMarkers(issue.body).some(
      (marker) => marker.kind === "task" && marker.plan === planNumber && marker.task === taskId,
    );
  const children = input.candidates.filter(isChild);
  const refuse = (result: AttemptResult, reason: string, child: IssueRecord | null = null): AttemptTask => ({
    ok: false,
    result,
    reason,
    child,
  });
  const trustedChild = (task: Task | null) =>
    children.find(
      (issue) => issue.author === input.selfLogin || (task !== null && task.issue === issue.number),
    ) ?? null;

  if (input.plan === null || input.plan.isPullRequest)
    return refuse("failed", `plan #${planNumber} is not an issue of this repository`);
  const approvals = input.planComments
    .filter((comment) => comment.author === input.selfLogin)
    .flatMap((comment) => readMarkers(comment.body))
    .filter((marker) => marker.kind === "approval" && marker.plan === planNumber);
  const approval = approvals.at(-1);
  if (approval?.kind !== "approval") {
    return refuse(
      "needs-human",
      `plan #${planNumber} has not been approved: a writer starts it with \`/foreman start\``,
      trustedChild(null),
    );
  }
  const current = hashPlanText(input.plan.body);
  if (current !== approval.spec) {
    return refuse(
      "needs-human",
      `plan #${planNumber} changed since @${approval.by} approved it (approved spec ${approval.spec}, now ${current}): a writer re-approves with \`/foreman replan\``,
      trustedChild(null),
    );
  }
  const document = preparePlanDocument(input.plan.body);
  if (document.errors.length > 0) {
    return refuse(
      "failed",
      `plan #${planNumber} has ${document.errors.length} problem(s); fix the plan first`,
      trustedChild(null),
    );
  }
  const task = document.graph.tasks.find((candidate) => candidate.id === taskId) ?? null;
  if (task === null)
    return refuse(
      "failed",
      `task ${taskId} is not in the approved text of plan #${planNumber}`,
      trustedChild(null),
    );
  const child = trustedChild(task);
  if (child === null) {
    return refuse(
      "failed",
      `task ${taskId} of plan #${planNumber} has no child issue created by Foreman yet`,
    );
  }
  const spec = hashTask(task);
  const marker = readMarkers(child.body).find((found) => found.kind === "task" && found.task === taskId);
  if (marker?.kind === "task" && marker.spec !== spec) {
    return refuse(
      "failed",
      `child issue #${child.number} does not match the approved task yet (spec ${marker.spec}, approved ${spec}); the next reconcile updates it`,
      child,
    );
  }
  return { ok: true, task, planTitle: input.plan.title, goal: document.graph.summary, child, spec };
}
