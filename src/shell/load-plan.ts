import { foremanConfigSchema } from "../core/config/config-schema.ts";
import type { ConfigResult } from "../core/config/parse-config.ts";
import type { PlanSnapshot } from "../core/plan/plan-snapshot.ts";
import { type PlanDocument, preparePlanDocument } from "../core/plan/prepare-plan-document.ts";
import type { Forge } from "../github/forge.ts";
import { loadPlanSnapshot } from "../github/load-plan-snapshot.ts";

export type LoadedPlan = { snapshot: PlanSnapshot; document: PlanDocument };

/** The default settings, for reading attempts while the config is broken. */
const DEFAULTS = foremanConfigSchema.parse({});

/** Reads a plan's text and ground truth; null when the issue does not exist or is a pull request. */
export async function loadPlan(
  forge: Forge,
  config: ConfigResult,
  planNumber: number,
): Promise<LoadedPlan | null> {
  const plan = await forge.getIssue(planNumber);
  if (!plan || plan.isPullRequest) return null;
  const document = preparePlanDocument(plan.body);
  const snapshot = await loadPlanSnapshot(forge, {
    plan,
    adopted: document.graph.tasks.flatMap((task) => (task.issue === null ? [] : [task.issue])),
    dependencies: [...document.issueDependencies.values()].flat(),
    workflow: (config.ok ? config.config : DEFAULTS).workflow,
    requiredChecks: (config.ok ? config.config : DEFAULTS).requiredChecks,
  });
  return { snapshot, document };
}
