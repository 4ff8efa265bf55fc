import { foremanConfigSchema } from "../core/config/config-schema.ts";
import type { PlanSnapshot } from "../core/plan/plan-snapshot.ts";
import { type PlanDocument, preparePlanDocument } from "../core/plan/prepare-plan-document.ts";
import { loadPlanSnapshot } from "../github/load-plan-snapshot.ts";
import type { ReconcileDependencies } from "./run-plan-reconcile.ts";

export type LoadedPlan = { snapshot: PlanSnapshot; document: PlanDocument };

/** The default workflow file, for reading attempts while the config is broken. */
const DEFAULT_WORKFLOW = foremanConfigSchema.parse({}).workflow;

/** Reads a plan's text and ground truth; null when the issue does not exist. */
export async function loadPlan(
  dependencies: ReconcileDependencies,
  planNumber: number,
): Promise<LoadedPlan | null> {
  const plan = await dependencies.forge.getIssue(planNumber);
  if (!plan || plan.isPullRequest) return null;
  const document = preparePlanDocument(plan.body);
  const snapshot = await loadPlanSnapshot(dependencies.forge, {
    plan,
    adopted: document.graph.tasks.flatMap((task) => (task.issue === null ? [] : [task.issue])),
    dependencies: [...document.issueDependencies.values()].flat(),
    workflow: dependencies.config.ok ? dependencies.config.config.workflow : DEFAULT_WORKFLOW,
  });
  return { snapshot, document };
}
