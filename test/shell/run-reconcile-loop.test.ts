import { describe, expect, it } from "vitest";
import { type ReconcileActivities, runReconcileLoop } from "../../src/shell/run-reconcile-loop.ts";

/** A toy ground truth: a counter GitHub holds, which the decision wants to reach `target`. */
type Counter = { value: number };
class Refused extends Error {
  status = 503;
}

function activities(github: Counter, target: number, options: { refuse?: Set<number> } = {}) {
  const log: string[] = [];
  let sent = 0;
  const fake: ReconcileActivities<Counter, "increment", number> = {
    load: async () => {
      log.push(`load ${github.value}`);
      return { ...github };
    },
    decide: (state) =>
      Array.from({ length: Math.max(0, Math.min(2, target - state.value)) }, () => "increment" as const),
    write: async () => {
      sent++;
      github.value++;
      // The write took effect, then the answer was lost: a blind repeat would overshoot.
      if (options.refuse?.has(sent)) throw new Refused();
      return github.value;
    },
    fold: (state, _write, outcome) => ({ ...state, value: outcome }),
    pauseAfter: (error, failures) => (error instanceof Refused && failures < 3 ? 10 : null),
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
    },
    log: () => {},
  };
  return { fake, log, sent: () => sent };
}

describe("runReconcileLoop with a fake executor", () => {
  it("folds each write's result into the state and stops once the decision asks for nothing", async () => {
    const github = { value: 0 };
    const { fake, log } = activities(github, 5);
    const result = await runReconcileLoop(fake);
    expect(result.state).toEqual({ value: 5 });
    expect(result.writes).toHaveLength(5);
    expect(log).toEqual(["load 0"]);
  });

  it("reads the ground truth again after a refused write instead of repeating it", async () => {
    const github = { value: 0 };
    const { fake, log, sent } = activities(github, 4, { refuse: new Set([2]) });
    const result = await runReconcileLoop(fake, { value: 0 });
    expect(github.value).toBe(4);
    expect(sent()).toBe(4);
    expect(log).toEqual(["sleep 10", "load 2"]);
    expect(result.writes).toHaveLength(3);
  });

  it("gives up on an error that is not worth waiting out, and when refusals keep coming", async () => {
    const failing = activities({ value: 0 }, 3).fake;
    await expect(
      runReconcileLoop({ ...failing, write: async () => Promise.reject(new Error("422")) }),
    ).rejects.toThrow("422");
    const always = activities({ value: 0 }, 50, {
      refuse: new Set(Array.from({ length: 50 }, (_, i) => i + 1)),
    });
    await expect(runReconcileLoop(always.fake)).rejects.toBeInstanceOf(Refused);
  });

  it("does nothing for a state that is gone", async () => {
    const { fake } = activities({ value: 0 }, 3);
    expect(await runReconcileLoop({ ...fake, load: async () => null })).toEqual({ state: null, writes: [] });
  });

  it("goes on for as many rounds as the state says it may need, then gives up", async () => {
    const oneAtATime = (github: Counter, target: number, maxRounds?: number) => {
      const { fake } = activities(github, target);
      return {
        ...fake,
        decide: (state: Counter) => (state.value < target ? (["increment"] as const) : []),
        ...(maxRounds === undefined ? {} : { maxRounds: () => maxRounds }),
      };
    };
    await expect(runReconcileLoop(oneAtATime({ value: 0 }, 200))).rejects.toThrow(
      "did not settle after 120 rounds",
    );
    const github = { value: 0 };
    const result = await runReconcileLoop(oneAtATime(github, 200, 220));
    expect(result.state).toEqual({ value: 200 });
    expect(result.writes).toHaveLength(200);
  });
});
