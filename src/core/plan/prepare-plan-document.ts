import { parsePlan } from "../graph/parse-plan.ts";
import type { Diagnostic, TaskGraph } from "../graph/task-graph.ts";
import { transitiveReduction } from "../graph/transitive-reduction.ts";
import { findIssueDependencies } from "./find-issue-dependencies.ts";
import { hashPlanText } from "./hash-plan-text.ts";

/** A plan issue's text, compiled once per reconcile (the reconcile runs many rounds on it). */
export type PlanDocument = {
  graph: TaskGraph;
  /** hash of the text: compared with the approved one (the pinned spec) */
  spec: string;
  errors: Diagnostic[];
  /** the `blocked by` links to have: [task id, blocker id], the transitive reduction of the graph */
  blockers: Array<[taskId: string, blockerId: string]>;
  /**
   * task id → numbers of the existing issues outside the plan it waits for (`Depends on: #99`): each
   * becomes a `blocked by` link too, and holds the task back while open. Read even from an invalid
   * text, so a missing issue is reported with the other problems.
   */
  issueDependencies: Map<string, number[]>;
};

export function preparePlanDocument(body: string): PlanDocument {
  const graph = parsePlan(body);
  const errors = graph.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  return {
    graph,
    spec: hashPlanText(body),
    errors,
    blockers: errors.length === 0 ? transitiveReduction(graph.tasks) : [],
    issueDependencies: findIssueDependencies(graph.tasks),
  };
}
