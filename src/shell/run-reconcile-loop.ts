/**
 * What one reconcile loop works with, for any host (the Probot app, the Action, the simulator, a test
 * with a fake executor): how to read the ground truth, the pure decision, how to carry out one write,
 * and how its result changes the state without reading again.
 */
export type ReconcileActivities<State, Write, Outcome> = {
  /** reads the ground truth; null when there is nothing to reconcile any more (the plan is gone) */
  load(): Promise<State | null>;
  /** the writes that bring GitHub to what the state says should be; none once it matches */
  decide(state: State): readonly Write[];
  write(write: Write): Promise<Outcome>;
  fold(state: State, write: Write, outcome: Outcome): State;
  /**
   * how long to wait before reading again after a write GitHub refused for the moment, the
   * `failures`-th in a row; null when the error is not one to wait out (the loop then throws it)
   */
  pauseAfter(error: unknown, failures: number): number | null;
  sleep(ms: number): Promise<void>;
  log(message: string): void;
  /**
   * rounds this state may need at most (a plan: one per level of its graph, plus a few); absent, a
   * bound fit for plans of up to 100 tasks
   */
  maxRounds?(state: State): number;
};

export type ReconcileLoopResult<State, Write> = {
  /** the state after the last write, as reading GitHub again would show it */
  state: State | null;
  /** every write that succeeded, in order */
  writes: Write[];
};

/** More rounds than a plan of up to 100 tasks needs (one per level of the graph, plus a few). */
const MAX_ROUNDS = 120;
/** Refused writes in a row before the loop gives up and leaves the rest to the next event. */
const MAX_FAILURES_IN_A_ROW = 6;

/**
 * load → decide → write → fold → repeat, until the decision asks for nothing (DESIGN.md "Idempotent by
 * construction"). A refused write is not repeated blindly, since it may have taken effect: after a
 * pause the ground truth is read again and the decision is made afresh from it.
 */
export async function runReconcileLoop<State, Write, Outcome>(
  activities: ReconcileActivities<State, Write, Outcome>,
  loaded?: State | null,
): Promise<ReconcileLoopResult<State, Write>> {
  let state: State | null = loaded === undefined ? await activities.load() : loaded;
  const writes: Write[] = [];
  let failuresInARow = 0;
  let limit = MAX_ROUNDS;
  for (let round = 0; round < limit; round++) {
    if (state === null) return { state, writes };
    limit = Math.max(limit, activities.maxRounds?.(state) ?? MAX_ROUNDS);
    const decided = activities.decide(state);
    if (decided.length === 0) return { state, writes };
    try {
      for (const write of decided) {
        const outcome = await activities.write(write);
        // Done on GitHub, even when the fold then asks for a fresh read instead of predicting the state.
        writes.push(write);
        failuresInARow = 0;
        state = activities.fold(state, write, outcome);
      }
    } catch (error) {
      failuresInARow++;
      const pause = activities.pauseAfter(error, failuresInARow);
      if (pause === null || failuresInARow >= MAX_FAILURES_IN_A_ROW) throw error;
      activities.log(`a write was refused; reading again in ${pause} ms`);
      await activities.sleep(pause);
      state = await activities.load();
      continue;
    }
    activities.log(`round ${round + 1}: ${decided.length} writes`);
  }
  throw new Error(`the reconcile did not settle after ${limit} rounds`);
}
