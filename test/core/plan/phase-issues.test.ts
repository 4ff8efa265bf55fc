import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatLinkTarget } from "../../../src/core/graph/format-link-target.ts";
import { layoutSubIssues } from "../../../src/core/graph/layout-sub-issues.ts";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { PHASE_LABEL } from "../../../src/core/plan/foreman-labels.ts";
import { planOfIssue } from "../../../src/core/plan/plan-of-issue.ts";
import type { PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import { readFooterMarker } from "../../../src/core/plan/read-footer-marker.ts";
import { readTaskMarker } from "../../../src/core/plan/read-task-marker.ts";
import { reconcilePlan } from "../../../src/core/plan/reconcile-plan.ts";
import { tasksFromIssues } from "../../../src/core/plan/tasks-from-issues.ts";
import { emptySnapshot, reconcileInput, settlePlan } from "./plan-fixtures.ts";

const SPEC_KIT_155 = readFileSync(
  new URL("../../fixtures/documents/spec-kit-155-tasks.md", import.meta.url),
  "utf8",
);

/** `## Phase N` headings with `sizes[N-1]` tasks each, T0001… in order. */
function phased(sizes: readonly number[]): string {
  let id = 0;
  const phases = sizes.map((size, index) =>
    [
      `## Phase ${index + 1}: Part ${index + 1}`,
      "",
      ...Array.from({ length: size }, () => `- [ ] T${String(++id).padStart(4, "0")} Task ${id}`),
    ].join("\n"),
  );
  return `# Big plan\n\n${phases.join("\n\n")}\n`;
}

/** Who holds what, by task id and phase key: the plan's sub-issues and each phase issue's. */
function tree(snapshot: PlanSnapshot) {
  const name = (number: number) => {
    const phase = snapshot.phases.find((known) => known.issue.number === number);
    const marker = readFooterMarker(phase?.issue.body ?? "");
    if (marker?.kind === "phase") return `phase:${marker.phase}`;
    const issue = snapshot.issues.find((known) => known.number === number);
    return readTaskMarker(issue?.body ?? "", 1)?.task ?? `#${number}`;
  };
  return {
    plan: snapshot.subIssues.map(name).sort(),
    phases: Object.fromEntries(
      snapshot.phases.map((phase) => [name(phase.issue.number), phase.subIssues.map(name).sort()]),
    ),
    blockedBy: Object.entries(snapshot.blockedBy)
      .flatMap(([number, blockers]) => blockers.map((blocker) => `${name(Number(number))}<${name(blocker)}`))
      .sort(),
  };
}

function expectedTree(markdown: string) {
  const tasks = parsePlan(markdown).tasks;
  const layout = layoutSubIssues(tasks, "auto");
  return {
    plan: [
      ...layout.phases.map((phase) => `phase:${phase.key}`),
      ...tasks.filter((task) => !layout.parentOf.has(task.id)).map((task) => task.id),
    ].sort(),
    phases: Object.fromEntries(layout.phases.map((phase) => [`phase:${phase.key}`, [...phase.tasks].sort()])),
    blockedBy: layout.blockers.map(([task, blocker]) => `${task}<${formatLinkTarget(blocker)}`).sort(),
  };
}

const spec155 = await settlePlan(emptySnapshot(SPEC_KIT_155), "alice");

describe("a plan of 155 tasks in 7 phases", () => {
  it("gets one issue per phase under the plan, each task's issue under its phase, links as the layout says", () => {
    const { snapshot } = spec155;
    expect(snapshot.issues).toHaveLength(155);
    expect(snapshot.phases).toHaveLength(7);
    expect(tree(snapshot)).toEqual(expectedTree(SPEC_KIT_155));
    expect(snapshot.phases.map((phase) => phase.issue.title)).toEqual(
      parsePlan(SPEC_KIT_155).phases.map((phase) => phase.name),
    );
    for (const phase of snapshot.phases) {
      expect(phase.issue.labels).toEqual([PHASE_LABEL]);
      expect(phase.issue.state).toBe("open");
    }
    expect(snapshot.repoLabels).toContain(PHASE_LABEL);
    // The wide Foundational phase is one link for each task waiting for all of it.
    expect(tree(snapshot).blockedBy.filter((link) => link.endsWith("<phase:phase-2"))).toHaveLength(7);
  });

  it("asks for nothing more once set up, and creates each phase issue once", () => {
    expect(reconcilePlan(reconcileInput(spec155.snapshot, null))).toEqual([]);
    const creates = spec155.writes.filter((write) => write.kind === "create-phase-issue");
    expect(creates.map((write) => write.kind === "create-phase-issue" && write.phase)).toEqual([
      "phase-1",
      "phase-2",
      "phase-3",
      "phase-4",
      "phase-5",
      "phase-6",
      "phase-7",
    ]);
  });

  it("escapes the phase heading in the phase issue's body and keeps the title within GitHub's limit", async () => {
    const hostile = SPEC_KIT_155.replace(
      "## Phase 7: Polish & Cross-Cutting Concerns",
      `## Phase 7: Polish <!-- foreman:task plan=1 task=T001 spec=x --> @octocat #3 ${"x".repeat(300)}`,
    );
    const { snapshot } = await settlePlan(emptySnapshot(hostile), "alice");
    const polish = snapshot.phases.find(
      (phase) =>
        readFooterMarker(phase.issue.body)?.kind === "phase" && phase.issue.title.startsWith("Phase 7"),
    );
    expect(polish?.issue.title.length).toBeLessThanOrEqual(256);
    expect(polish?.issue.body).not.toContain("@octocat");
    expect(polish?.issue.body).not.toContain("<!-- foreman:task");
    expect(readFooterMarker(polish?.issue.body ?? "")).toEqual({ kind: "phase", plan: 1, phase: "phase-7" });
  });

  it("a phase issue standing as a blocker counts as all its tasks while the plan waits for a replan", () => {
    const { tasks } = tasksFromIssues(spec155.snapshot.issues, spec155.snapshot);
    const phase2 = parsePlan(SPEC_KIT_155).phases.find((phase) => phase.id === "phase-2")?.tasks ?? [];
    expect(
      tasks
        .find((task) => task.id === "T059")
        ?.deps.map((dep) => dep.id)
        .sort(),
    ).toEqual([...phase2].sort());
  });

  it("closes a phase issue once all its tasks are done, and routes its events to the plan", async () => {
    const { snapshot } = spec155;
    const setup = new Set(["T001", "T002", "T003", "T004"]);
    const done = {
      ...snapshot,
      issues: snapshot.issues.map((issue) =>
        setup.has(readTaskMarker(issue.body, 1)?.task ?? "")
          ? { ...issue, state: "closed" as const, stateReason: "completed" as const }
          : issue,
      ),
    };
    const after = (await settlePlan(done, null)).snapshot;
    const phase1 = after.phases.find((phase) => phase.issue.title.startsWith("Phase 1"));
    expect(phase1?.issue).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(after.phases.filter((phase) => phase.issue.state === "closed")).toHaveLength(1);

    const who = { label: "foreman", selfLogin: "foreman[bot]" };
    const issue = phase1?.issue ?? snapshot.plan;
    expect(planOfIssue({ ...issue, labels: issue.labels }, who)).toEqual({
      plan: 1,
      task: null,
      adopted: null,
    });
    expect(planOfIssue({ ...issue, author: "mallory" }, who)).toBeNull();
  });
});

describe("replans of a plan with phase issues", () => {
  const big = phased([60, 50]);

  it("moves a task's issue to its new phase's issue when a replan moves the task", async () => {
    const first = await settlePlan(emptySnapshot(big), "alice");
    expect(tree(first.snapshot)).toEqual(expectedTree(big));
    // T0061 now ends phase 1 instead of starting phase 2.
    const moved = big.replace(
      "## Phase 2: Part 2\n\n- [ ] T0061 Task 61\n",
      "- [ ] T0061 Task 61\n\n## Phase 2: Part 2\n\n",
    );
    expect(parsePlan(moved).tasks.find((task) => task.id === "T0061")?.group).toBe("phase-1");
    const replanned = await settlePlan(
      { ...first.snapshot, plan: { ...first.snapshot.plan, body: moved } },
      "alice",
    );
    expect(tree(replanned.snapshot)).toEqual(expectedTree(moved));
    const moves = replanned.writes.filter((write) => write.kind === "add-sub-issue");
    const phase1 = first.snapshot.phases.find((phase) => phase.issue.title === "Phase 1: Part 1")?.issue;
    const t61 = first.snapshot.issues.find((issue) => readTaskMarker(issue.body, 1)?.task === "T0061");
    expect(moves).toEqual([
      {
        kind: "add-sub-issue",
        number: phase1?.number,
        childNumber: t61?.number,
        childId: t61?.id,
        replaceParent: true,
      },
    ]);
    expect(reconcilePlan(reconcileInput(replanned.snapshot, null))).toEqual([]);
  });

  it("brings the tasks back under the plan when it shrinks to 100, closing and unlinking the phase issues", async () => {
    const first = (await settlePlan(emptySnapshot(big), "alice")).snapshot;
    const small = phased([60, 30]);
    const replanned = await settlePlan({ ...first, plan: { ...first.plan, body: small } }, "alice");
    const { snapshot } = replanned;
    const current = new Set(parsePlan(small).tasks.map((task) => task.id));
    const taskOf = (number: number) =>
      readTaskMarker(snapshot.issues.find((issue) => issue.number === number)?.body ?? "", 1)?.task ?? "";
    expect(snapshot.subIssues.map(taskOf).sort()).toEqual([...current].sort());
    for (const phase of snapshot.phases) {
      expect(phase.issue).toMatchObject({ state: "closed", stateReason: "not_planned" });
      // What is left under a phase issue are the issues of the tasks the replan removed.
      expect(phase.subIssues.map(taskOf).every((task) => !current.has(task))).toBe(true);
    }
    expect(reconcilePlan(reconcileInput(snapshot, null))).toEqual([]);
  });

  it("with phaseIssues: never, refuses more than 100 tasks with a hint at the setting", async () => {
    const { snapshot } = await settlePlan(emptySnapshot(big), "alice", { config: { phaseIssues: "never" } });
    expect(snapshot.issues).toEqual([]);
    const invalid = snapshot.comments.find((comment) => readFooterMarker(comment.body)?.kind === "invalid");
    expect(invalid?.body).toContain("phaseIssues: never");
  });
});
