import { applyPlanWrite } from "../core/plan/apply-plan-write.ts";
import type { PlanIntent } from "../core/plan/plan-round.ts";
import type { PlanWrite } from "../core/plan/plan-write.ts";
import { reconcilePlan } from "../core/plan/reconcile-plan.ts";
import { executePlanWrite } from "../github/execute-plan-write.ts";
import { transientDelay } from "../github/transient-delay.ts";
import { type LoadedPlan, loadPlan } from "./load-plan.ts";
import type { PlanShell } from "./plan-shell.ts";
import { runReconcileLoop } from "./run-reconcile-loop.ts";

export type PlanReconcileRequest = {
  planNumber: number;
  intent: PlanIntent;
  /** the plan as just read, to save the first load */
  loaded?: LoadedPlan | null;
  /**
   * writes a command asked for, made before the reconcile's own. Each is a "make it so" write (a label,
   * an issue's state) that is safe to send again, so after a refused write the ones not yet done are.
   */
  first?: readonly PlanWrite[];
};

export type PlanReconcileResult = { loaded: LoadedPlan | null; writes: PlanWrite[] };

/**
 * One reconcile of one plan through the host-agnostic loop: the Forge reads and writes, the pure
 * reconcile decides, each write's result is folded into the snapshot.
 */
export async function runPlanReconcile(
  shell: PlanShell,
  request: PlanReconcileRequest,
): Promise<PlanReconcileResult> {
  const { planNumber, intent } = request;
  let pending = [...(request.first ?? [])];
  const result = await runReconcileLoop<LoadedPlan, PlanWrite, Awaited<ReturnType<typeof executePlanWrite>>>(
    {
      load: () => loadPlan(shell.forge, shell.config, planNumber),
      decide: (loaded) =>
        pending.length > 0
          ? pending
          : reconcilePlan({
              ...loaded,
              config: shell.config,
              texts: shell.texts,
              intent,
              now: shell.now().toISOString(),
            }),
      write: (write) => executePlanWrite(shell.forge, write),
      fold: (loaded, write, outcome) => {
        pending = pending.filter((item) => item !== write);
        return { ...loaded, snapshot: applyPlanWrite(loaded.snapshot, write, outcome) };
      },
      pauseAfter: transientDelay,
      sleep: shell.sleep,
      log: (message) => shell.log(`plan #${planNumber}: ${message}`),
    },
    request.loaded,
  );
  return { loaded: result.state, writes: result.writes };
}
