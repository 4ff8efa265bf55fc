export type PlanQueue = {
  /** runs `job` after every earlier job of the same plan has finished */
  run<T>(planKey: string, job: () => Promise<T>): Promise<T>;
  /**
   * like `run` for jobs that only reconcile: one waiting behind a running job is shared by every
   * caller that arrives meanwhile, since a single reconcile after the running one sees all their changes
   */
  runCoalesced(planKey: string, job: () => Promise<void>): Promise<void>;
};

/**
 * Serialises work on one plan inside this process, so two webhooks for the same plan (the `opened`
 * and `labeled` of one issue, a redelivery) never reconcile at the same time and both create the
 * same child issue. Different plans run in parallel.
 */
export function createPlanQueue(): PlanQueue {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<void>>();

  const run = <T>(planKey: string, job: () => Promise<T>): Promise<T> => {
    const previous = tails.get(planKey) ?? Promise.resolve();
    const result = previous.then(job, job);
    const tail = result.catch(() => undefined);
    tails.set(planKey, tail);
    void tail.then(() => {
      if (tails.get(planKey) === tail) tails.delete(planKey);
    });
    return result;
  };

  return {
    run,
    runCoalesced(planKey, job) {
      const queued = waiting.get(planKey);
      if (queued) return queued;
      const result = run(planKey, () => {
        waiting.delete(planKey);
        return job();
      });
      waiting.set(planKey, result);
      return result;
    },
  };
}
