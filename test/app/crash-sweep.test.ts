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
  /** the writes that are not claims (git refs), whose number a crash must not change */
  let contentWrites = 0;
  let sent: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({
      intercept: (request, phase) => {
        if (request.method === "GET" || !request.url.includes("/repos/")) return;
        if (phase === "before") {
          writes++;
          sent.push(request.url);
          if (!request.url.includes("/git/refs")) contentWrites++;
        }
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
    contentWrites = 0;
    sent = [];
    const reference = await harness.readPlan(
      await harness.openPlan(EXAMPLE_PLAN, { repo: "reference" }),
      "reference",
    );
    const total = writes;
    const totalContent = contentWrites;
    const isClaim = sent.map((url) => url.includes("/git/refs"));
    expect(isClaim.filter(Boolean)).toHaveLength(4);
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
      contentWrites = 0;
      crash = { at, phase };
      const plan = await harness.openPlan(EXAMPLE_PLAN, { repo });
      const failed = labeledDelivery(repo);
      expect(failed?.status, `${repo}: the crash made the delivery fail`).toBe(500);
      await harness.app.restart();
      if (failed) await harness.emulator.redeliver(failed.id);
      await harness.app.settle();
      expect(await harness.readPlan(plan, repo), repo).toEqual(reference);
      // A write the crash stopped before sending is sent once after the restart; a claim the crash left
      // without its issue is taken over (claims are refs, not counted here).
      const resent = phase === "before" && !isClaim[at - 1] ? 1 : 0;
      expect(contentWrites, `${repo}: no write was made twice`).toBe(totalContent + resent);
    }
  });
});
