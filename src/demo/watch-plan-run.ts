import type { PlanRun } from "./plan-run.ts";

export type PlanRunWatch = {
  /** stops polling; resolves once a read in flight has ended */
  stop(): Promise<void>;
};

/**
 * Reads the run again and again (`read`, a fresh look at GitHub each time) and hands each result to
 * `show`, never two reads at once and `intervalMs` apart. A read that fails is skipped: the next one
 * asks again, and the run itself never waits for its watcher.
 */
export function watchPlanRun(
  read: () => Promise<PlanRun>,
  show: (run: PlanRun) => void,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): PlanRunWatch {
  let stopped = false;
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopped) {
      try {
        const run = await read();
        if (!stopped) show(run);
      } catch (error) {
        options.onError?.(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
