import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/core/graph/parse-plan.ts";
import { transitiveReduction } from "../../src/core/graph/transitive-reduction.ts";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { EXAMPLE_PLAN, SEED_002 } from "../core/plan/plan-fixtures.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

function kindsOf(comments: Array<{ body: string }>): string[] {
  return comments.flatMap((comment) => readMarkers(comment.body).map((marker) => marker.kind));
}

describe("a labelled plan issue, over real signed webhooks", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  it("turns seed 002 into 30 child issues, 30 sub-issues and the transitive reduction as blocked-by", {
    timeout: 180_000,
  }, async () => {
    const plan = await harness.openPlan(SEED_002);
    const state = await harness.readPlan(plan);
    const tasks = parsePlan(SEED_002).tasks;
    expect(state.issues.map((issue) => issue.task).sort()).toEqual(tasks.map((task) => task.id).sort());
    expect(
      state.issues.every(
        (issue) => issue.title === `${issue.task} · ${tasks.find((task) => task.id === issue.task)?.title}`,
      ),
    ).toBe(true);
    expect(state.subIssues).toEqual(tasks.map((task) => task.id).sort());
    expect(state.blockedBy).toEqual(
      transitiveReduction(tasks)
        .map((pair) => [...pair])
        .sort((a, b) => a.join().localeCompare(b.join())),
    );
    expect(kindsOf(state.comments)).toEqual(["approval", "tracking"]);
    expect(state.comments[1]?.body).toContain("```mermaid\nflowchart TD");
    expect(harness.emulator.violations()).toEqual([]);
  });

  it("creates nothing twice when the start is delivered again, even several times at once", async () => {
    const plan = await harness.openPlan(EXAMPLE_PLAN);
    const before = await harness.readPlan(plan);
    const writesBefore = harness.emulator.stats().requests.writes;
    const labelled = harness.emulator
      .deliveries()
      .find(
        (delivery) =>
          delivery.event === "issues" &&
          delivery.action === "labeled" &&
          (delivery.payload as { issue: { number: number } }).issue.number === plan &&
          (delivery.payload as { sender: { login: string } }).sender.login === "alice",
      );
    if (!labelled) throw new Error("no labeled delivery");
    await Promise.all([1, 2, 3].map(() => harness.emulator.redeliver(labelled.id)));
    await harness.app.settle();
    const redelivered = harness.emulator.deliveries().filter((delivery) => delivery.redelivery);
    expect(redelivered.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    expect(await harness.readPlan(plan)).toEqual(before);
    expect(harness.emulator.stats().requests.writes).toBe(writesBefore);
  });

  it("adopts an existing issue the plan names: its text kept, a marker added below, linked like any task", async () => {
    const { data: existing } = await harness
      .as("bob")
      .rest.issues.create({ owner: OWNER, repo: "demo", title: "Login is broken", body: "It fails." });
    const id = `#${existing.number}`;
    const plan = await harness.openPlan(
      `# Plan\n\n- [ ] ${id} Fix login\n- [ ] T2: Docs\n  Depends on: ${id}\n`,
    );
    const state = await harness.readPlan(plan);
    const adopted = state.issues.find((issue) => issue.number === existing.number);
    expect(adopted).toMatchObject({
      title: "Login is broken",
      task: id,
      labels: ["foreman:ready", "foreman:task"],
    });
    expect(adopted?.body?.startsWith("It fails.\n\n<!-- foreman:task ")).toBe(true);
    expect(state.issues.map((issue) => issue.task)).toEqual([id, "T2"]);
    expect(state.subIssues).toEqual([id, "T2"]);
    expect(state.blockedBy).toEqual([["T2", id]]);
  });

  it("links a task blocked by an existing issue it depends on, and holds it until that issue is closed", async () => {
    const issues = harness.as("alice").rest.issues;
    const where = { owner: OWNER, repo: "demo" };
    const { data: upstream } = await harness
      .as("bob")
      .rest.issues.create({ ...where, title: "Upstream bug", body: "It breaks." });
    const blocker = `#${upstream.number}`;
    const plan = await harness.openPlan(
      `# Plan\n\n- [ ] T1 Fix the parser (depends on ${blocker})\n- [ ] T2 Docs\n  Depends on: T1\n`,
    );
    const started = await harness.readPlan(plan);
    expect(started.blockedBy).toEqual([
      ["T1", blocker],
      ["T2", "T1"],
    ]);
    expect(started.issues.map((issue) => [issue.task, issue.labels])).toEqual([
      ["T1", ["foreman:pending", "foreman:task"]],
      ["T2", ["foreman:pending", "foreman:task"]],
    ]);
    expect(started.issues[0]?.body).toContain(`### Depends on\n\n- ${blocker}\n`);
    const tracking = () =>
      harness
        .readPlan(plan)
        .then((state) => state.comments.find((c) => kindsOf([c])[0] === "tracking")?.body);
    expect(await tracking()).toContain(`⏳ pending · waits for ${blocker} |`);

    await issues.update({
      ...where,
      issue_number: upstream.number,
      state: "closed",
      state_reason: "completed",
    });
    await harness.app.settle();
    const released = await harness.readPlan(plan);
    expect(released.issues.map((issue) => [issue.task, issue.labels])).toEqual([
      ["T1", ["foreman:ready", "foreman:task"]],
      ["T2", ["foreman:pending", "foreman:task"]],
    ]);
    expect(released.blockedBy).toEqual(started.blockedBy);
    expect(await tracking()).not.toContain("waits for");

    await issues.update({ ...where, issue_number: upstream.number, state: "open" });
    await harness.app.settle();
    expect((await harness.readPlan(plan)).issues[0]?.labels).toEqual(["foreman:pending", "foreman:task"]);
    expect(harness.emulator.violations()).toEqual([]);
  });

  it("reports a dependency on an issue that does not exist as a plan problem, and creates nothing", async () => {
    const plan = await harness.openPlan("# Plan\n\n- [ ] T1 Fix it\n  Depends on: #9999\n- [ ] T2 Docs\n");
    const state = await harness.readPlan(plan);
    expect(state.issues).toEqual([]);
    expect(state.subIssues).toEqual([]);
    expect(state.planLabels).toEqual(["foreman", "foreman:invalid"]);
    expect(state.comments).toHaveLength(1);
    expect(state.comments[0]?.body).toContain(
      "**line 4:1** — Task T1 depends on #9999, which does not exist in this repository.",
    );
  });

  it("answers an invalid plan with one comment listing its problems and the invalid label, and nothing else", async () => {
    const invalid = "# Plan\n\n### T1: First\n**Depends on**: T2\n\n### T2: Second\n**Depends on**: T1\n";
    const plan = await harness.openPlan(invalid);
    const state = await harness.readPlan(plan);
    expect(state.issues).toEqual([]);
    expect(state.planLabels).toEqual(["foreman", "foreman:invalid"]);
    expect(state.comments).toHaveLength(1);
    const body = state.comments[0]?.body ?? "";
    for (const diagnostic of parsePlan(invalid).diagnostics.filter((item) => item.severity === "error")) {
      expect(body).toContain(`**line ${diagnostic.line}:${diagnostic.column}** — ${diagnostic.message}`);
    }
    expect(body).toContain("docs/task-format.md");

    const alice = harness.as("alice").rest.issues;
    const where = { owner: OWNER, repo: "demo", issue_number: plan };
    await alice.update({ ...where, body: EXAMPLE_PLAN });
    await alice.removeLabel({ ...where, name: "foreman" });
    await alice.addLabels({ ...where, labels: ["foreman"] });
    await harness.app.settle();
    const fixed = await harness.readPlan(plan);
    expect(fixed.issues).toHaveLength(4);
    expect(fixed.planLabels).toEqual(["foreman"]);
    expect(fixed.comments[0]?.body).toContain("Plan problems fixed");
    expect(kindsOf(fixed.comments)).toEqual(["invalid", "approval", "tracking"]);
  });

  it("pauses an edited plan with the task-level diff, and applies it on `/foreman replan`", async () => {
    const plan = await harness.openPlan(EXAMPLE_PLAN);
    const started = await harness.readPlan(plan);
    const edited = EXAMPLE_PLAN.replace(/### T4: Documentation[\s\S]*$/, "")
      .replace("Derive a stable client key", "Derive a client key")
      .concat("\n### T5: Metrics\n**Depends on**: T3\n\nCount rejected requests.\n");
    await harness
      .as("tim")
      .rest.issues.update({ owner: OWNER, repo: "demo", issue_number: plan, body: edited });
    await harness.app.settle();

    const paused = await harness.readPlan(plan);
    expect(paused.issues).toEqual(started.issues);
    const change = paused.comments.find((comment) => kindsOf([comment])[0] === "plan-changed")?.body ?? "";
    expect(change).toContain("| ➕ added | **T5** Metrics | child issue created |");
    expect(change).toMatch(/\| ✏️ changed \| #\d+ \*\*T2\*\* Client identity \| issue updated \|/);
    expect(change).toMatch(/\| ➖ removed \| #\d+ T4 · Documentation \| closed as not planned \|/);
    expect(change).toContain("+Derive a client key");
    expect(paused.comments.find((comment) => kindsOf([comment])[0] === "tracking")?.body).toContain(
      "paused — the plan changed",
    );

    await harness.comment(plan, "/foreman replan");
    const replanned = await harness.readPlan(plan);
    const byTask = new Map(replanned.issues.map((issue) => [issue.task, issue]));
    expect(byTask.get("T5")?.title).toBe("T5 · Metrics");
    expect(byTask.get("T2")?.body).toContain("Derive a client key");
    expect(byTask.get("T4")).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(replanned.subIssues).toEqual(["T1", "T2", "T3", "T4", "T5"]);
    expect(replanned.blockedBy).toEqual([
      ["T3", "T1"],
      ["T3", "T2"],
      ["T5", "T3"],
    ]);
    const reply = replanned.comments.find((comment) => kindsOf([comment])[0] === "reply")?.body;
    expect(reply).toContain("➕ 1 added · ✏️ 1 updated · ➖ 1 closed as not planned");
    const approval = replanned.comments.find((comment) => kindsOf([comment])[0] === "approval")?.body;
    expect(approval).toContain("re-approved by @alice");
  });

  it("reports an invalid `.github/foreman.yml` in a comment naming the key, and starts nothing", async () => {
    await harness.seed("configured");
    await harness.commitConfig("concurrency: many\nlabel: foreman\n", "configured");
    const plan = await harness.openPlan(EXAMPLE_PLAN, { repo: "configured" });
    const state = await harness.readPlan(plan, "configured");
    expect(state.issues).toEqual([]);
    expect(state.comments).toHaveLength(1);
    expect(state.comments[0]?.body).toContain(
      '`concurrency` must be a number (tasks running at once), got "many"',
    );
  });
});
