import type { Diagnostic } from "../graph/task-graph.ts";
import { findAdoptionProblems } from "./find-adoption-problems.ts";
import { findDependencyProblems } from "./find-dependency-problems.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/** Everything that keeps a plan text from being applied: its own errors and those against GitHub. */
export function findPlanProblems(snapshot: PlanSnapshot, document: PlanDocument): Diagnostic[] {
  return [
    ...document.errors,
    ...findAdoptionProblems(snapshot, document),
    ...findDependencyProblems(snapshot, document),
  ];
}
