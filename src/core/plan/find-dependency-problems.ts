import type { Diagnostic, Task } from "../graph/task-graph.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";
import { readTaskMarker } from "./read-task-marker.ts";

/**
 * Dependencies on existing issues (`Depends on: #99`) that cannot become a `blocked by` link, as
 * diagnostics at the line that names them: an issue that does not exist, a pull request, the plan
 * itself, one of the plan's own task issues (the task should be named instead), or `#…` that is
 * neither a task id nor an issue number.
 */
export function findDependencyProblems(snapshot: PlanSnapshot, document: PlanDocument): Diagnostic[] {
  const tasks = document.graph.tasks;
  const taskIds = new Set(tasks.map((task) => task.id));
  const known = new Map(
    [...snapshot.issues, ...snapshot.externalIssues].map((issue) => [issue.number, issue]),
  );
  return tasks.flatMap((task) => {
    const seen = new Set<string>();
    return task.deps.flatMap((dependency): Diagnostic[] => {
      if (taskIds.has(dependency.id) || !dependency.id.startsWith("#") || seen.has(dependency.id)) return [];
      seen.add(dependency.id);
      const at = {
        severity: "error" as const,
        line: dependency.line ?? task.line,
        column: dependency.line === null ? task.column : 1,
      };
      const problem = describeProblem(
        task,
        dependency.id,
        snapshot,
        known.get(Number(dependency.id.slice(1))),
      );
      return problem ? [{ ...at, ...problem }] : [];
    });
  });
}

function describeProblem(
  task: Task,
  id: string,
  snapshot: PlanSnapshot,
  issue: PlanSnapshot["issues"][number] | undefined,
): Pick<Diagnostic, "code" | "message" | "hint"> | null {
  const match = /^#(\d+)$/.exec(id);
  const number = Number(match?.[1] ?? 0);
  if (number === 0) {
    return {
      code: "unknown-dependency",
      message: `Task ${task.id} depends on '${id}', which is neither a task of this plan nor an issue number.`,
      hint: "Write a task id (e.g. T3) or the number of an existing issue (e.g. #42).",
    };
  }
  if (number === snapshot.plan.number) {
    return {
      code: "depends-on-plan",
      message: `Task ${task.id} depends on #${number}, the plan itself, which stays open until the task is done.`,
      hint: "Remove it, or name the task or issue it should wait for.",
    };
  }
  if (snapshot.missingIssues.includes(number)) {
    return {
      code: "dependency-issue-missing",
      message: `Task ${task.id} depends on #${number}, which does not exist in this repository.`,
      hint: "Check the number. To wait for a task of this plan, write its id (e.g. T3) instead.",
    };
  }
  if (issue?.isPullRequest) {
    return {
      code: "depends-on-pull-request",
      message: `Task ${task.id} depends on #${number}, which is a pull request; GitHub links only issues as blockers.`,
      hint: "Name the issue that pull request closes instead.",
    };
  }
  const marker = readTaskMarker(issue?.body ?? "", snapshot.plan.number);
  if (marker?.kind === "task") {
    return {
      code: "depends-on-own-task-issue",
      message: `Task ${task.id} depends on #${number}, which is this plan's issue for task ${marker.task}.`,
      hint: `Write ${marker.task} instead of #${number}; if ${marker.task} left the plan, remove the dependency.`,
    };
  }
  return null;
}
