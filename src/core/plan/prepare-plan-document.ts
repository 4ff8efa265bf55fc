import { parsePlan } from "../graph/parse-plan.ts";
import type { Diagnostic, TaskGraph } from "../graph/task-graph.ts";
import { transitiveReduction } from "../graph/transitive-reduction.ts";
import { hashPlanText } from "./hash-plan-text.ts";

/** A plan issue's text, compiled once per reconcile (the reconcile runs many rounds on it). */
export type PlanDocument = {
  graph: TaskGraph;
  /** hash of the text: compared with the approved one (the pinned spec) */
  spec: string;
  errors: Diagnostic[];
  /** the `blocked by` links to have: [task id, blocker id], the transitive reduction of the graph */
  blockers: Array<[taskId: string, blockerId: string]>;
};

export function preparePlanDocument(body: string): PlanDocument {
  const graph = parsePlan(body);
  const errors = graph.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  return {
    graph,
    spec: hashPlanText(body),
    errors,
    blockers: errors.length === 0 ? transitiveReduction(graph.tasks) : [],
  };
}
