import { setTimeout as sleep } from "node:timers/promises";
import type { ConfigResult } from "../core/config/parse-config.ts";
import { applyPlanAction } from "../core/plan/apply-plan-action.ts";
import type { PlanAction } from "../core/plan/plan-action.ts";
import { reconcilePlan } from "../core/plan/reconcile-plan.ts";
import { executePlanAction } from "../github/execute-plan-action.ts";
import type { Forge } from "../github/forge.ts";
import { statusOfError } from "../github/status-of-error.ts";
import { transientDelay } from "../github/transient-delay.ts";
import { type LoadedPlan, loadPlan } from "./load-plan.ts";
import type { PlanTemplates } from "./load-templates.ts";

export type ReconcileDependencies = {
  forge: Forge;
  config: ConfigResult;
  templates: PlanTemplates;
  formatReferenceUrl: string;
  log: (message: string) => void;
};

/** More rounds than any valid plan needs (one per level of the graph, plus a few). */
const MAX_ROUNDS = 120;
/** Failed writes in a row before the reconcile gives up and leaves the rest to the next event. */
const MAX_FAILURES_IN_A_ROW = 6;

/**
 * One reconcile of one plan: from the ground truth read once (`loaded`), let the pure reconcile ask
 * for writes round after round, folding each write's result into the snapshot, until it asks for
 * nothing. A write GitHub refuses for the moment (server error, rate limit) is not repeated blindly,
 * since it may have taken effect: after a pause the ground truth is read again and the reconcile
 * carries on from there. Returns the number of writes made.
 */
export async function runPlanReconcile(
  dependencies: ReconcileDependencies,
  loaded: LoadedPlan,
  approveBy: string | null,
): Promise<number> {
  let { document, snapshot } = loaded;
  const planNumber = snapshot.plan.number;
  const repoUrl = snapshot.plan.url.replace(/\/issues\/\d+$/, "");
  const links = {
    formatReference: dependencies.formatReferenceUrl,
    config: `${repoUrl}/blob/HEAD/.github/foreman.yml`,
  };
  let writes = 0;
  let failuresInARow = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const actions: PlanAction[] = reconcilePlan({
      snapshot,
      document,
      config: dependencies.config,
      templates: dependencies.templates,
      links,
      approveBy,
    });
    if (actions.length === 0) return writes;
    try {
      for (const action of actions) {
        snapshot = applyPlanAction(snapshot, action, await executePlanAction(dependencies.forge, action));
        writes++;
        failuresInARow = 0;
      }
    } catch (error) {
      failuresInARow++;
      const wait = transientDelay(error, failuresInARow);
      if (wait === null || failuresInARow >= MAX_FAILURES_IN_A_ROW) throw error;
      dependencies.log(
        `plan #${planNumber}: a write failed (${statusOfError(error)}); reading again in ${wait} ms`,
      );
      await sleep(wait);
      const reloaded = await loadPlan(dependencies, planNumber);
      if (!reloaded) return writes;
      ({ document, snapshot } = reloaded);
      continue;
    }
    dependencies.log(`plan #${planNumber}: round ${round + 1}, ${actions.length} writes`);
  }
  throw new Error(`plan #${planNumber} did not settle after ${MAX_ROUNDS} reconcile rounds`);
}
