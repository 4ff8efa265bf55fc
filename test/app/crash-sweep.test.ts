import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type Harness, startHarness } from "./foreman-harness.ts";

/** Where the app should die: at its `at`-th write to a repository, before sending it or after its answer. */
type Crash = { at: number; phase: "before" | "after" };

class SimulatedCrash extends Error {}

describe("crash-point sweep: the app dies at every write in turn, restarts, and the start is redelivered", () => {
  let harness: Harness;
  let crash: Crash | null = null;
  let writes = 0;
  beforeAll(async () => {
    harness = await startHarness({
      intercept: (request, phase) => {
        if (request.method === "GET" || !request.url.includes("/repos/")) return;
        if (phase === "before") writes++;
        if (crash && crash.phase === phase && writes === crash.at) {
          crash = null;
          throw new SimulatedCrash(`simulated crash ${phase} write ${writes}`);
        }
      },
    });
  });
  afterAll(async () => harness.close());

  const labeledDelivery = (repo: string) =>
    harness.emulator.deliveries().find((delivery) => {
      const payload = delivery.payload as { repository: { name: string }; sender: { login: string } };
      return (
        delivery.event === "issues" &&
        delivery.action === "labeled" &&
        payload.repository.name === repo &&
        payload.sender.login === "alice"
      );
    });

  it("ends with exactly the state of the run that never crashed", { timeout: 600_000 }, async () => {
    await harness.seed("reference");
    writes = 0;
    const reference = await harness.readPlan(
      await harness.openPlan(EXAMPLE_PLAN, { repo: "reference" }),
      "reference",
    );
    const total = writes;
    expect(total).toBeGreaterThan(10);
    expect(reference.issues).toHaveLength(4);

    const points = (["before", "after"] as const).flatMap((phase) =>
      Array.from({ length: total }, (_, index) => ({
        phase,
        at: index + 1,
        repo: `sweep-${phase}-${index + 1}`,
      })),
    );
    await Promise.all(points.map((point) => harness.seed(point.repo)));
    for (const { phase, at, repo } of points) {
      writes = 0;
      crash = { at, phase };
      const plan = await harness.openPlan(EXAMPLE_PLAN, { repo });
      const failed = labeledDelivery(repo);
      expect(failed?.status, `${repo}: the crash made the delivery fail`).toBe(500);
      await harness.app.restart();
      if (failed) await harness.emulator.redeliver(failed.id);
      await harness.app.settle();
      expect(await harness.readPlan(plan, repo), repo).toEqual(reference);
      expect(writes, `${repo}: no write was made twice`).toBe(total + (phase === "before" ? 1 : 0));
    }
  });
});
