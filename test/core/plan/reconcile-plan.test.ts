import { describe, expect, it } from "vitest";
import { transitiveReduction } from "../../../src/core/graph/transitive-reduction.ts";
import { applyPlanWrite } from "../../../src/core/plan/apply-plan-write.ts";
import type { PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import type { PlanWrite } from "../../../src/core/plan/plan-write.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { readMarkers } from "../../../src/core/plan/read-markers.ts";
import { reconcilePlan } from "../../../src/core/plan/reconcile-plan.ts";
import {
  EXAMPLE_PLAN,
  emptySnapshot,
  issue,
  outcomeOf,
  reconcileInput,
  SEED_002,
  settlePlan,
  taskFacts,
} from "./plan-fixtures.ts";

function kinds(writes: readonly PlanWrite[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const write of writes) counts[write.kind] = (counts[write.kind] ?? 0) + 1;
  return counts;
}

function taskIdOf(snapshot: PlanSnapshot, number: number): string | undefined {
  const found = snapshot.issues.find((known) => known.number === number);
  const marker = readMarkers(found?.body ?? "").find((item) => item.kind === "task");
  return marker?.kind === "task" ? marker.task : undefined;
}

function blockedByPairs(snapshot: PlanSnapshot): string[][] {
  return Object.entries(snapshot.blockedBy)
    .flatMap(([number, blockers]) =>
      blockers.map((blocker) => [
        taskIdOf(snapshot, Number(number)) ?? "?",
        taskIdOf(snapshot, blocker) ?? "?",
      ]),
    )
    .sort((a, b) => a.join().localeCompare(b.join()));
}

function commentKinds(snapshot: PlanSnapshot): string[] {
  return snapshot.comments
    .flatMap((comment) => readMarkers(comment.body).map((marker) => marker.kind))
    .sort();
}

/** The parts of a snapshot that must come out the same however the writes were interrupted. */
function groundTruth(snapshot: PlanSnapshot) {
  return {
    plan: { labels: [...snapshot.plan.labels].sort() },
    issues: snapshot.issues.map((known) => ({
      title: known.title,
      body: known.body,
      state: known.state,
      stateReason: known.stateReason,
      labels: [...known.labels].sort(),
    })),
    subIssues: snapshot.subIssues.map((number) => taskIdOf(snapshot, number)).sort(),
    blockedBy: blockedByPairs(snapshot),
    comments: snapshot.comments.map((comment) => comment.body).sort(),
    labels: [...snapshot.repoLabels].sort(),
  };
}

const seed002 = await settlePlan(emptySnapshot(SEED_002), "alice");

describe("reconcilePlan on seed 002 (30 tasks)", () => {
  const settled = seed002;

  it("creates one child per task, links each as a sub-issue and adds the transitive reduction as blocked-by", async () => {
    const graph = preparePlanDocument(SEED_002).graph;
    expect(settled.snapshot.issues).toHaveLength(30);
    expect(settled.snapshot.subIssues).toHaveLength(30);
    expect(blockedByPairs(settled.snapshot)).toEqual(
      transitiveReduction(graph.tasks)
        .map((pair) => [...pair])
        .sort((a, b) => a.join().localeCompare(b.join())),
    );
    expect(kinds(settled.writes)).toMatchObject({
      "create-issue": 30,
      "add-sub-issue": 30,
      "create-comment": 2,
    });
    expect(commentKinds(settled.snapshot)).toEqual(["approval", "tracking"]);
  });

  it("gives children stable `id · title` titles, task and state labels, and a marker with plan, task and spec", async () => {
    const first = settled.snapshot.issues[0];
    expect(first?.title).toBe("T001 · Create project directory structure");
    expect(first?.labels).toEqual(["foreman:task", "foreman:ready"]);
    expect(readMarkers(first?.body ?? "")).toEqual([
      { kind: "task", plan: 1, task: "T001", spec: expect.stringMatching(/^[0-9a-f]{12}$/) },
    ]);
    const dependent = settled.snapshot.issues.find((known) => known.title.startsWith("T006 "));
    expect(dependent?.labels).toContain("foreman:pending");
    expect(dependent?.body).toContain("- T001 · Create project directory structure — #2");
  });

  it("asks for nothing once GitHub matches the plan, with or without a new approval", async () => {
    expect(reconcilePlan(reconcileInput(settled.snapshot, null))).toEqual([]);
    expect(reconcilePlan(reconcileInput(settled.snapshot, "alice"))).toEqual([]);
  });

  it("ends in the same state after an interruption between writes, once the start is redelivered", async () => {
    // Every fifth write of 155 here; the end-to-end sweep against the emulator covers every write.
    const reference = groundTruth(settled.snapshot);
    for (let crashAt = 0; crashAt < settled.writes.length; crashAt += 5) {
      const crashed = await settlePlan(emptySnapshot(SEED_002), "alice", { stopAfterWrites: crashAt });
      const resumed = await settlePlan(crashed.snapshot, "alice");
      expect(groundTruth(resumed.snapshot), `crash after write ${crashAt}`).toEqual(reference);
      expect(crashed.writes.length + resumed.writes.length).toBe(settled.writes.length);
    }
  });
});

describe("reconcilePlan before and around the start", () => {
  it("does nothing for a plan nobody approved", async () => {
    expect(reconcilePlan(reconcileInput(emptySnapshot(EXAMPLE_PLAN), null))).toEqual([]);
  });

  it("writes the approval comment first, naming the writer and pinning the text's hash", async () => {
    const [first, ...rest] = reconcilePlan(reconcileInput(emptySnapshot(EXAMPLE_PLAN), "alice"));
    expect(rest).toEqual([]);
    expect(first?.kind).toBe("create-comment");
    const markers = first?.kind === "create-comment" ? readMarkers(first.body) : [];
    expect(markers).toEqual([
      { kind: "approval", plan: 1, spec: preparePlanDocument(EXAMPLE_PLAN).spec, by: "alice" },
    ]);
  });

  it("answers an invalid plan with one comment listing every problem and the invalid label, nothing else", async () => {
    const invalid = "# Plan\n\n### T1: First\nDepends on: T2\n\n### T2: Second\nDepends on: T1\n";
    const { writes, snapshot } = await settlePlan(emptySnapshot(invalid), "alice");
    expect(writes.map((write) => write.kind)).toEqual(["create-label", "create-comment", "add-labels"]);
    const body = snapshot.comments[0]?.body ?? "";
    for (const diagnostic of preparePlanDocument(invalid).errors) {
      expect(body).toContain(`**line ${diagnostic.line}:${diagnostic.column}** — ${diagnostic.message}`);
    }
    expect(body).toContain("https://example.test/docs/task-format.md");
    expect(snapshot.plan.labels).toContain("foreman:invalid");
    expect(snapshot.issues).toEqual([]);

    const fixed = { ...snapshot, plan: { ...snapshot.plan, body: EXAMPLE_PLAN } };
    const retried = await settlePlan(fixed, "alice");
    expect(retried.snapshot.plan.labels).not.toContain("foreman:invalid");
    expect(retried.snapshot.issues).toHaveLength(4);
    expect(
      retried.snapshot.comments.find((comment) => comment.id === snapshot.comments[0]?.id)?.body,
    ).toContain("Plan problems fixed");
  });

  it("reports an invalid config in one comment naming the key, and starts nothing", async () => {
    const { writes, snapshot } = await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice", {
      config: { concurency: 2 },
    });
    expect(writes).toHaveLength(1);
    expect(snapshot.comments[0]?.body).toContain(
      "`concurency` is not a Foreman setting — did you mean `concurrency`?",
    );
    expect(snapshot.issues).toEqual([]);
  });

  it("creates tasks the document marks done as closed, completed", async () => {
    const plan = "# Plan\n\n- [x] T1: Already there\n- [ ] T2: Next\n  Depends on: T1\n";
    const { snapshot } = await settlePlan(emptySnapshot(plan), "alice");
    const [done, next] = snapshot.issues;
    expect(done).toMatchObject({
      state: "closed",
      stateReason: "completed",
      labels: ["foreman:task", "foreman:done"],
    });
    expect(next).toMatchObject({ state: "open", labels: ["foreman:task", "foreman:ready"] });
  });

  it("adopts `- [ ] #N`: marker and labels added to the existing issue, linked, no new issue", async () => {
    const plan = "# Plan\n\n- [ ] #7 Fix login\n- [ ] T2: Docs\n  Depends on: #7\n";
    const adopted = issue(7, {
      title: "Login is broken",
      body: "Steps to reproduce…",
      author: "bob",
      labels: ["bug"],
    });
    const { snapshot } = await settlePlan(emptySnapshot(plan, { issues: [adopted] }), "alice");
    const seven = snapshot.issues.find((known) => known.number === 7);
    expect(seven?.title).toBe("Login is broken");
    expect(seven?.body.startsWith("Steps to reproduce…")).toBe(true);
    expect(readMarkers(seven?.body ?? "")).toMatchObject([{ kind: "task", plan: 1, task: "#7" }]);
    expect(seven?.labels).toEqual(["bug", "foreman:task", "foreman:ready"]);
    expect(snapshot.issues).toHaveLength(2);
    expect(snapshot.subIssues.sort()).toEqual([7, 8]);
    expect(snapshot.blockedBy[8]).toEqual([7]);
  });

  it("refuses to adopt an issue that does not exist, or that is another issue's sub-issue", async () => {
    const plan = "# Plan\n\n- [ ] #7 Fix login\n";
    const missing = (await settlePlan(emptySnapshot(plan, { missingIssues: [7] }), "alice")).snapshot;
    expect(missing.comments[0]?.body).toContain("adopts #7, which does not exist in this repository");
    expect(missing.issues).toEqual([]);
    const taken = (
      await settlePlan(emptySnapshot(plan, { issues: [issue(7, { parentNumber: 3 })] }), "alice")
    ).snapshot;
    expect(taken.comments[0]?.body).toContain("adopts #7, which is already a sub-issue of #3.");
    expect(taken.issues.map((known) => known.labels)).toEqual([[]]);
  });

  it("closes a duplicate child created by a race, keeping the oldest", async () => {
    const settled = (await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice")).snapshot;
    const original = settled.issues[0];
    if (!original) throw new Error("no child");
    const duplicate = { ...original, id: 99_999, number: 99 };
    const actions = reconcilePlan(
      reconcileInput({ ...settled, issues: [...settled.issues, duplicate] }, null),
    );
    expect(actions).toEqual([
      { kind: "create-label", name: "foreman:cancelled", color: "6a737d", description: "Foreman: cancelled" },
      {
        kind: "update-issue",
        number: 99,
        reason: `a duplicate of #${original.number}`,
        patch: { state: "closed", stateReason: "duplicate", labels: ["foreman:task", "foreman:cancelled"] },
      },
    ]);
  });
});

const approvedExample = (await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice")).snapshot;

describe("reconcilePlan with a pinned spec", () => {
  const approved = approvedExample;
  const edited = EXAMPLE_PLAN.replace(
    "Describe the limits and the headers in `docs/rate-limits.md`.",
    "Describe the limits in `docs/rate-limits.md`.\n\n### T5: Metrics\n**Depends on**: T3\n\nCount rejected requests.",
  ).replace("Derive a stable client key from the API token", "Derive a client key from the API token");

  it("pauses an edited plan: one comment with the task-level diff, no task touched", async () => {
    const snapshot = { ...approved, plan: { ...approved.plan, body: edited } };
    const { writes, snapshot: after } = await settlePlan(snapshot, null);
    expect(writes.map((write) => write.kind)).toEqual(["create-comment", "update-comment"]);
    const change = after.comments.find(
      (comment) => readMarkers(comment.body)[0]?.kind === "plan-changed",
    )?.body;
    expect(change).toContain("| ➕ added | **T5** Metrics | child issue created |");
    expect(change).toContain("| ✏️ changed | #3 **T2** Client identity | issue updated |");
    expect(change).toContain("-Derive a stable client key");
    expect(change).toContain("+Derive a client key");
    const tracking = after.comments.find(
      (comment) => readMarkers(comment.body)[0]?.kind === "tracking",
    )?.body;
    expect(tracking).toContain("paused — the plan changed");
    expect(after.issues).toEqual(approved.issues);
  });

  it("applies the diff on replan: new task created, changed not-started task updated, the pause resolved", async () => {
    const snapshot = { ...approved, plan: { ...approved.plan, body: edited } };
    const paused = (await settlePlan(snapshot, null)).snapshot;
    const { snapshot: after } = await settlePlan(paused, "bob");
    expect(after.issues.map((known) => known.title)).toContain("T5 · Metrics");
    expect(after.issues.find((known) => known.title.startsWith("T2 "))?.body).toContain(
      "Derive a client key",
    );
    const change = after.comments.find(
      (comment) => readMarkers(comment.body)[0]?.kind === "plan-changed",
    )?.body;
    expect(change).toContain("matches its approved text again");
    const approval = after.comments
      .flatMap((comment) => readMarkers(comment.body))
      .find((marker) => marker.kind === "approval");
    expect(approval).toMatchObject({ by: "bob", spec: preparePlanDocument(edited).spec });
  });

  it("closes a removed task that had not started as not planned, and keeps a removed task that is done", async () => {
    const withoutT2andT4 = EXAMPLE_PLAN.replace(/### T2: Client identity[\s\S]*?(?=## Phase 2)/, "")
      .replace(/### T4: Documentation[\s\S]*$/, "")
      .replace("**Depends on**: T1, T2", "**Depends on**: T1");
    const doneT4 = approved.issues.map((known) =>
      known.title.startsWith("T4 ")
        ? { ...known, state: "closed" as const, stateReason: "completed" as const }
        : known,
    );
    const snapshot = { ...approved, issues: doneT4, plan: { ...approved.plan, body: withoutT2andT4 } };
    const { snapshot: after } = await settlePlan(snapshot, "bob");
    const t2 = after.issues.find((known) => known.title.startsWith("T2 "));
    const t4 = after.issues.find((known) => known.title.startsWith("T4 "));
    expect(t2).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(t2?.labels).toContain("foreman:cancelled");
    expect(t4).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(blockedByPairs(after)).toEqual([["T3", "T1"]]);
  });
});

describe("applyPlanWrite", () => {
  it("folds a write the way reading GitHub again would show it", async () => {
    const snapshot = emptySnapshot(EXAMPLE_PLAN);
    const action: PlanWrite = { kind: "add-labels", number: 1, labels: ["foreman:paused", "foreman"] };
    expect(applyPlanWrite(snapshot, action, outcomeOf(snapshot, action)).plan.labels).toEqual([
      "foreman",
      "foreman:paused",
    ]);
  });
});

const dependentPlan =
  "# Plan\n\n- [ ] T1 Fix the parser (depends on #99)\n- [ ] T2 Write the docs\n  Depends on: T1\n";
const upstream99 = issue(99, { title: "Upstream bug" });
const startedDependent = (
  await settlePlan(emptySnapshot(dependentPlan, { externalIssues: [upstream99] }), "alice")
).snapshot;

describe("reconcilePlan with dependencies on existing issues", () => {
  const plan = dependentPlan;
  const open99 = upstream99;
  const started = startedDependent;
  const child = (snapshot: PlanSnapshot, task: string) =>
    snapshot.issues.find((known) => known.title.startsWith(`${task} `));
  const tracking = (snapshot: PlanSnapshot) =>
    snapshot.comments.find((comment) => readMarkers(comment.body)[0]?.kind === "tracking")?.body ?? "";
  const withPlan = (snapshot: PlanSnapshot, body: string) => ({
    ...snapshot,
    plan: { ...snapshot.plan, body },
  });

  it("links the child as blocked by the issue, records the link in its marker, and holds the task pending", async () => {
    const t1 = child(started, "T1");
    expect(started.blockedBy[t1?.number ?? 0]).toEqual([99]);
    expect(readMarkers(t1?.body ?? "")).toMatchObject([{ kind: "task", task: "T1", external: [99] }]);
    expect(t1?.body).toContain("### Depends on\n\n- #99\n");
    expect(t1?.labels).toEqual(["foreman:task", "foreman:pending"]);
    expect(child(started, "T2")?.labels).toEqual(["foreman:task", "foreman:pending"]);
    expect(tracking(started)).toContain(
      `| #${t1?.number} **T1** Fix the parser | ⏳ pending · waits for #99 |`,
    );
    expect(reconcilePlan(reconcileInput(started, null))).toEqual([]);
  });

  it("makes the task ready once the issue is closed, as completed or not planned", async () => {
    for (const stateReason of ["completed", "not_planned"] as const) {
      const closed = { ...started, externalIssues: [{ ...open99, state: "closed" as const, stateReason }] };
      const { snapshot, writes } = await settlePlan(closed, null);
      expect(child(snapshot, "T1")?.labels).toEqual(["foreman:task", "foreman:ready"]);
      expect(child(snapshot, "T2")?.labels).toEqual(["foreman:task", "foreman:pending"]);
      expect(tracking(snapshot)).not.toContain("waits for");
      expect(writes.map((write) => write.kind)).toEqual(["create-label", "update-issue", "update-comment"]);
    }
  });

  it("reports a missing issue or a pull request as a plan problem at its line, and creates nothing", async () => {
    const missing = (await settlePlan(emptySnapshot(plan, { missingIssues: [99] }), "alice")).snapshot;
    expect(missing.comments).toHaveLength(1);
    expect(missing.comments[0]?.body).toContain(
      "**line 3:1** — Task T1 depends on #99, which does not exist in this repository.",
    );
    expect(missing.plan.labels).toContain("foreman:invalid");
    expect(missing.issues).toEqual([]);
    const pull = (
      await settlePlan(emptySnapshot(plan, { externalIssues: [{ ...open99, isPullRequest: true }] }), "alice")
    ).snapshot;
    expect(pull.comments[0]?.body).toContain("Task T1 depends on #99, which is a pull request");
    expect(pull.issues).toEqual([]);
    // `#2` would name task T2, so the plan's own issue is given a number no task id has.
    const t1 = { ...(child(started, "T1") ?? issue(2)), number: 40 };
    const own = (
      await settlePlan(
        withPlan({ ...started, issues: [t1] }, `${plan}- [ ] T3 Release (after #40)\n`),
        "alice",
      )
    ).snapshot;
    expect(own.comments.map((comment) => comment.body).join()).toContain(
      "Task T3 depends on #40, which is this plan's issue for task T1.",
    );
  });

  it("removes a link it made when the plan stops naming the issue, and never one a person added", async () => {
    const t1 = child(started, "T1")?.number ?? 0;
    // A person links T1 to #50 and #60 by hand; then the plan names #50 as well.
    const linkedByHand = {
      ...started,
      blockedBy: { ...started.blockedBy, [t1]: [99, 50, 60] },
      externalIssues: [open99, issue(50), issue(60)],
    };
    const namesFifty = plan.replace("(depends on #99)", "(depends on #99, #50)");
    const replanned = await settlePlan(
      (await settlePlan(withPlan(linkedByHand, namesFifty), null)).snapshot,
      "bob",
    );
    expect(replanned.writes.filter((write) => write.kind.endsWith("blocked-by"))).toEqual([]);
    expect(readMarkers(child(replanned.snapshot, "T1")?.body ?? "")).toMatchObject([{ external: [99] }]);

    const namesNone = plan.replace(" (depends on #99)", "");
    const dropped = await settlePlan(
      (await settlePlan(withPlan(replanned.snapshot, namesNone), null)).snapshot,
      "bob",
    );
    expect(dropped.writes.filter((write) => write.kind.endsWith("blocked-by"))).toEqual([
      { kind: "remove-blocked-by", number: t1, blockerNumber: 99, blockerId: open99.id },
    ]);
    expect(dropped.snapshot.blockedBy[t1]).toEqual([50, 60]);
    expect(readMarkers(child(dropped.snapshot, "T1")?.body ?? "")[0]).not.toHaveProperty("external");
    expect(child(dropped.snapshot, "T1")?.labels).toEqual(["foreman:task", "foreman:ready"]);
  });

  it("records a new link before making it on a started task, whose text it keeps", async () => {
    const t1 = child(started, "T1");
    const running = {
      ...started,
      externalIssues: [open99, issue(50)],
      tasks: { T1: taskFacts("T1", { attempts: 1, running: true, pr: null, checks: null }) },
    };
    const namesFifty = plan.replace("(depends on #99)", "(depends on #99, #50)");
    const { writes, snapshot } = await settlePlan(
      (await settlePlan(withPlan(running, namesFifty), null)).snapshot,
      "bob",
    );
    const recordAt = writes.findIndex(
      (write) => write.kind === "update-issue" && write.number === t1?.number,
    );
    const linkAt = writes.findIndex((write) => write.kind === "add-blocked-by" && write.blockerNumber === 50);
    expect(recordAt).toBeGreaterThanOrEqual(0);
    expect(linkAt).toBeGreaterThan(recordAt);
    const after = child(snapshot, "T1");
    expect(readMarkers(after?.body ?? "")).toMatchObject([
      {
        spec:
          readMarkers(t1?.body ?? "")[0]?.kind === "task"
            ? (readMarkers(t1?.body ?? "")[0] as { spec: string }).spec
            : "",
        external: [50, 99],
      },
    ]);
    expect(after?.body).not.toContain("#50");
  });

  it("ends in the same state after an interruption between any two writes", async () => {
    const fresh = emptySnapshot(plan, { externalIssues: [open99] });
    const settled = await settlePlan(fresh, "alice");
    for (let crashAt = 0; crashAt < settled.writes.length; crashAt++) {
      const crashed = await settlePlan(fresh, "alice", { stopAfterWrites: crashAt });
      const resumed = await settlePlan(crashed.snapshot, "alice");
      expect(groundTruth(resumed.snapshot), `crash after write ${crashAt}`).toEqual(
        groundTruth(settled.snapshot),
      );
    }
  });
});
