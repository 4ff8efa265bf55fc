import type { PhaseIssueMode } from "../graph/layout-sub-issues.ts";
import { layoutSubIssues } from "../graph/layout-sub-issues.ts";
import type { Diagnostic } from "../graph/task-graph.ts";
import { findAdoptionProblems } from "./find-adoption-problems.ts";
import { findDependencyProblems } from "./find-dependency-problems.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/**
 * Everything that keeps a plan text from being applied: its own errors, those against GitHub, and
 * GitHub's limits as the configured `phaseIssues` meets them (the text's own check assumes `auto`).
 */
export function findPlanProblems(
  snapshot: PlanSnapshot,
  document: PlanDocument,
  phaseIssues: PhaseIssueMode,
): Diagnostic[] {
  const reported = new Set(document.errors.map((error) => `${error.code}:${error.line}`));
  const configured =
    document.errors.length === 0 && phaseIssues !== "auto"
      ? layoutSubIssues(document.graph.tasks, phaseIssues, document.blockers).diagnostics.filter(
          (problem) => !reported.has(`${problem.code}:${problem.line}`),
        )
      : [];
  return [
    ...document.errors,
    ...configured,
    ...findAdoptionProblems(snapshot, document),
    ...findDependencyProblems(snapshot, document),
  ];
}
