import type { Diagnostic } from "../graph/task-graph.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/** Adopted issues (`- [ ] #123`) that cannot be adopted, as diagnostics at the task's line. */
export function findAdoptionProblems(snapshot: PlanSnapshot, document: PlanDocument): Diagnostic[] {
  const byNumber = new Map(snapshot.issues.map((issue) => [issue.number, issue]));
  return document.graph.tasks.flatMap((task): Diagnostic[] => {
    if (task.issue === null) return [];
    const at = { severity: "error" as const, line: task.line, column: task.column };
    if (task.issue === snapshot.plan.number) {
      return [
        {
          ...at,
          code: "adopts-plan",
          message: `Task ${task.id} adopts #${task.issue}, the plan itself.`,
          hint: "Point it at another issue, or remove the number to let Foreman create one.",
        },
      ];
    }
    if (snapshot.missingIssues.includes(task.issue)) {
      return [
        {
          ...at,
          code: "adopted-issue-missing",
          message: `Task ${task.id} adopts #${task.issue}, which does not exist in this repository.`,
          hint: "Check the number, or remove it to let Foreman create the issue.",
        },
      ];
    }
    const parent = byNumber.get(task.issue)?.parentNumber;
    const ours =
      parent === snapshot.plan.number || snapshot.phases.some((phase) => phase.issue.number === parent);
    if (parent !== undefined && parent !== null && !ours) {
      return [
        {
          ...at,
          code: "adopted-issue-has-parent",
          message: `Task ${task.id} adopts #${task.issue}, which is already a sub-issue of #${parent}.`,
          hint: `An issue has one parent: remove #${task.issue} from #${parent}'s sub-issues first, or leave the number out.`,
        },
      ];
    }
    if (byNumber.get(task.issue)?.isPullRequest) {
      return [
        {
          ...at,
          code: "adopts-pull-request",
          message: `Task ${task.id} adopts #${task.issue}, which is a pull request.`,
          hint: "Adopt an issue; Foreman opens the pull requests itself.",
        },
      ];
    }
    return [];
  });
}
