import { describe, expect, it } from "vitest";
import { createPlanQueue } from "../../src/app/create-plan-queue.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("createPlanQueue", () => {
  it("runs the jobs of one plan one after another, and different plans side by side", async () => {
    const queue = createPlanQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([queue.run("p1", job("a")), queue.run("p1", job("b")), queue.run("p2", job("c"))]);
    expect(log).toEqual(["a start", "c start", "a end", "b start", "c end", "b end"]);
  });

  it("keeps going after a job fails, and hands the failure to its caller", async () => {
    const queue = createPlanQueue();
    const failing = queue.run("p", async () => {
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    await expect(queue.run("p", async () => "next")).resolves.toBe("next");
  });

  it("shares one waiting reconcile among everyone who asks while another runs", async () => {
    const queue = createPlanQueue();
    let runs = 0;
    const reconcile = async () => {
      runs++;
      await tick();
    };
    const first = queue.runCoalesced("p", reconcile);
    await Promise.resolve();
    await Promise.all([
      first,
      queue.runCoalesced("p", reconcile),
      queue.runCoalesced("p", reconcile),
      queue.runCoalesced("p", reconcile),
    ]);
    expect(runs).toBe(2);
  });
});
