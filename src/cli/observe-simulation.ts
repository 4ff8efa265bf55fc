import type { PlanRun } from "../demo/plan-run.ts";
import { createPlanRunReadCache, readPlanRun } from "../demo/read-plan-run.ts";
import { watchPlanRun } from "../demo/watch-plan-run.ts";
import type { SimulationObserver } from "../sim/simulate/simulation-observer.ts";
import { connectGitHub } from "./connect-github.ts";
import { openPlanOnGitHub } from "./open-plan-on-github.ts";

export type SimulationWatcher = SimulationObserver & {
  /** the run as GitHub showed it when the app went quiet; null when it could not be read */
  finalRun(): PlanRun | null;
  /** why the final read failed, when it did */
  readProblem(): string | null;
};

/**
 * How `foreman simulate` watches its own run from outside, as any GitHub user could: through the
 * REST API of the local GitHub, reading the plan the way `foreman status` does. While the run goes on,
 * each fresh reading goes to `show` (the live task list); when the app is quiet, one last reading is
 * kept for the closing block, the `--keep` page and `--json`.
 */
export function observeSimulation(options: {
  show: ((run: PlanRun) => void) | null;
  intervalMs: number;
}): SimulationWatcher {
  let read: (() => Promise<PlanRun>) | null = null;
  let watch: ReturnType<typeof watchPlanRun> | null = null;
  let latest: PlanRun | null = null;
  let final: PlanRun | null = null;
  let problem: string | null = null;
  return {
    planOpened(plan) {
      const connection = connectGitHub({ token: plan.token, apiUrl: plan.apiUrl });
      const reference = { owner: plan.owner, repo: plan.repo, number: plan.number };
      const cache = createPlanRunReadCache();
      read = async () => readPlanRun(await openPlanOnGitHub(connection, reference, plan.appSlug), cache);
      const { show } = options;
      if (show !== null)
        watch = watchPlanRun(
          read,
          (run) => {
            latest = run;
            // Until Foreman has created the child issues there is no task to show.
            if (run.tasks.length > 0) show(run);
          },
          { intervalMs: options.intervalMs },
        );
    },
    async settled() {
      await watch?.stop();
      if (read === null) return;
      try {
        final = await read();
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
        final = latest;
      }
    },
    finalRun: () => final,
    readProblem: () => problem,
  };
}
