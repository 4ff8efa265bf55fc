import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveEngineView } from "../../../src/core/engine/derive-engine-view.ts";
import { runWorld, World, type WorldTask } from "./engine-world.ts";

const MINUTE = 60_000;
const TERMINAL = new Set(["done", "skipped", "cancelled", "needs-human", "blocked"]);

/** Random plans: a DAG over up to 12 tasks (edges only to earlier tasks), a few shared files. */
const plans = fc
  .integer({ min: 1, max: 12 })
  .chain((size) =>
    fc.tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.record({
          deps: fc.subarray(
            Array.from({ length: index }, (_, dep) => `T${dep + 1}`),
            { maxLength: Math.min(3, index) },
          ),
          files: fc.subarray(["src/a.ts", "src/b.ts", "src/c.ts", "docs/d.md", "src/e.ts", "src/f.ts"], {
            maxLength: 2,
          }),
          minutes: fc.integer({ min: 1, max: 40 }),
          priority: fc.constantFrom(null, "P0", "P1", "low"),
        }),
      ),
    ),
  )
  .map((specs): WorldTask[] =>
    specs.map((spec, index) => ({
      id: `T${index + 1}`,
      deps: spec.deps,
      files: spec.files,
      priority: spec.priority,
      durationMs: spec.minutes * MINUTE,
    })),
  );

const faults = fc.record({
  seed: fc.integer(),
  drop: fc.constantFrom(0, 0.1, 0.3),
  duplicate: fc.constantFrom(0, 0.3),
});

const rates = fc.record({
  jobFailRate: fc.constantFrom(0, 0.2),
  checkFailRate: fc.constantFrom(0, 0.2, 0.4),
  flakyRate: fc.constantFrom(0, 0.2),
  lostDispatchRate: fc.constantFrom(0, 0.1),
  blockedRate: fc.constantFrom(0, 0.05),
});

function finalStates(world: World): string[] {
  const view = deriveEngineView(world.read());
  return Object.values(view.states);
}

describe("the engine over random plans and random event orders", () => {
  it("keeps every promise with one replica under dropped and duplicated webhooks", () => {
    fc.assert(
      fc.property(plans, faults, rates, fc.integer({ min: 1, max: 4 }), (tasks, fault, rate, concurrency) => {
        const world = new World({
          tasks,
          seed: fault.seed,
          ...rate,
          config: { concurrency, maxAttempts: 3 },
        });
        runWorld(world, fault);
        expect(world.log.violations).toEqual([]);
        for (const state of finalStates(world)) expect(TERMINAL.has(state)).toBe(true);
        // A task merges at most once, and only after all its dependencies merged.
        const merged = world.log.merges.map((merge) => merge.task);
        expect(new Set(merged).size).toBe(merged.length);
      }),
      { numRuns: 60 },
    );
  });

  it("dispatches each (task, attempt, try) exactly once when replicas race on stale reads", () => {
    fc.assert(
      fc.property(plans, faults, rates, (tasks, fault, rate) => {
        const world = new World({ tasks, seed: fault.seed, ...rate });
        runWorld(world, { ...fault, replica: 0.5 });
        const keys = world.log.dispatches.map((entry) => `${entry.task}/${entry.attempt}.${entry.try}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(
          world.log.violations.filter((violation) => /^(deps|claim|attempts|verify):/.test(violation)),
        ).toEqual([]);
        for (const state of finalStates(world)) expect(TERMINAL.has(state)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("never lets the plan's spend pass its budget by more than one attempt's cap", () => {
    fc.assert(
      fc.property(plans, fc.integer(), fc.constantFrom(0.5, 1, 2, 5), (tasks, seed, usdPerPlan) => {
        const usdPerTask = 0.6;
        const world = new World({
          tasks,
          seed,
          checkFailRate: 0.3,
          costRange: [0.1, usdPerTask],
          config: {
            budget: {
              perTaskUsd: usdPerTask,
              perPlanUsd: usdPerPlan,
              perTaskTokens: null,
              perPlanTokens: null,
            },
          },
        });
        runWorld(world, { seed });
        const view = deriveEngineView(world.read());
        expect(view.ledger.plan.cost).toBeLessThanOrEqual(usdPerPlan + usdPerTask + 1e-9);
      }),
      { numRuns: 40 },
    );
  });
});
