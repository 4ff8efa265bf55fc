import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layoutSubIssues, type SubIssueLayout } from "../../../src/core/graph/layout-sub-issues.ts";
import { isValidGraph, parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { transitiveReduction } from "../../../src/core/graph/transitive-reduction.ts";

const SPEC_KIT_155 = readFileSync(
  new URL("../../fixtures/documents/spec-kit-155-tasks.md", import.meta.url),
  "utf8",
);

/** `## Phase N: …` headings with `sizes[N-1]` checklist tasks each; ids T001… across the plan. */
function phased(sizes: readonly number[], options: { parallel?: boolean } = {}): string {
  let id = 0;
  return sizes
    .map((size, index) =>
      [
        `## Phase ${index + 1}: Part ${index + 1}`,
        "",
        ...Array.from(
          { length: size },
          () => `- [ ] T${String(++id).padStart(4, "0")}${options.parallel ? " [P]" : ""} Task ${id}`,
        ),
      ].join("\n"),
    )
    .join("\n\n");
}

function summary(layout: SubIssueLayout) {
  return layout.phases.map((phase) => [phase.key, phase.title, phase.tasks.length]);
}

describe("layoutSubIssues", () => {
  it("keeps a plan of up to 100 tasks under the plan itself, unless configured to always use phases", () => {
    const tasks = parsePlan(phased([60, 40])).tasks;
    const auto = layoutSubIssues(tasks, "auto");
    expect(auto.phases).toEqual([]);
    expect(auto.parentOf.size).toBe(0);
    expect(auto.blockers).toEqual(
      transitiveReduction(tasks).map(([task, id]) => [task, { kind: "task", id }]),
    );
    const always = layoutSubIssues(tasks, "always");
    expect(summary(always)).toEqual([
      ["phase-1", "Phase 1: Part 1", 60],
      ["phase-2", "Phase 2: Part 2", 40],
    ]);
    expect(always.parentOf.get("T0061")).toBe("phase-2");
  });

  it("puts each task of a plan over 100 under its phase's issue, and a phase over 100 under several", () => {
    const tasks = parsePlan(phased([30, 150])).tasks;
    const layout = layoutSubIssues(tasks, "auto");
    expect(summary(layout)).toEqual([
      ["phase-1", "Phase 1: Part 1", 30],
      ["phase-2", "Phase 2: Part 2 (part 1 of 2)", 100],
      ["phase-2~2", "Phase 2: Part 2 (part 2 of 2)", 50],
    ]);
    expect(layout.parentOf.get("T0001")).toBe("phase-1");
    expect(layout.parentOf.get("T0130")).toBe("phase-2");
    expect(layout.parentOf.get("T0131")).toBe("phase-2~2");
    expect(layout.diagnostics).toEqual([]);
  });

  it("leaves tasks outside any phase under the plan while they fit, else gives them Other tasks issues", () => {
    const ungrouped = (count: number, from: number) =>
      Array.from({ length: count }, (_, i) => `- [ ] U${from + i} loose ${from + i}`).join("\n");
    const fits = parsePlan(`${ungrouped(5, 1)}\n\n${phased([60, 60])}`).tasks;
    const layout = layoutSubIssues(fits, "auto");
    expect(summary(layout)).toEqual([
      ["phase-1", "Phase 1: Part 1", 60],
      ["phase-2", "Phase 2: Part 2", 60],
    ]);
    expect(layout.parentOf.has("U1")).toBe(false);

    const crowded = parsePlan(ungrouped(150, 1)).tasks;
    expect(summary(layoutSubIssues(crowded, "auto"))).toEqual([
      ["~other", "Tasks (part 1 of 2)", 100],
      ["~other~2", "Tasks (part 2 of 2)", 50],
    ]);
  });

  it("refuses only what cannot fit: more than 100 tasks with phaseIssues never, or more than 100 phase issues", () => {
    const tasks = parsePlan(phased([60, 60])).tasks;
    const never = layoutSubIssues(tasks, "never");
    expect(never.diagnostics).toMatchObject([{ code: "too-many-tasks", line: tasks[100]?.line }]);
    expect(never.diagnostics[0]?.hint).toContain("phaseIssues: auto");

    const tiny = parsePlan(phased(Array.from({ length: 101 }, () => 1))).tasks;
    const over = layoutSubIssues(tiny, "always");
    expect(over.diagnostics).toMatchObject([{ code: "too-many-tasks", line: tiny[100]?.line }]);
    expect(over.diagnostics[0]?.message).toContain("at most 100 phases of 100 tasks");
  });

  it("links a task waiting for a whole wide [P] phase to that phase's issue instead of its 53 tasks", () => {
    const graph = parsePlan(SPEC_KIT_155);
    expect(isValidGraph(graph)).toBe(true);
    const layout = layoutSubIssues(graph.tasks, "auto");
    const reduced = transitiveReduction(graph.tasks);
    const count = (task: string) => reduced.filter(([id]) => id === task).length;
    expect(count("T059")).toBe(53);
    const t059 = layout.blockers.filter(([task]) => task === "T059").map(([, blocker]) => blocker);
    expect(t059).toEqual([{ kind: "phase", key: "phase-2" }]);
    // US2 waits for US1's last tasks, which waited for Phase 2: the reduction needs no phase link there.
    expect(layout.blockers.filter(([task]) => task === "T086")).toEqual([
      ["T086", { kind: "task", id: "T084" }],
      ["T086", { kind: "task", id: "T085" }],
    ]);
    // Tasks within the 50-link limit keep their plain reduced links.
    expect(layout.blockers.filter(([task]) => task === "T149")).toEqual(
      reduced.filter(([task]) => task === "T149").map(([task, id]) => [task, { kind: "task", id }]),
    );
    const perTask = new Map<string, number>();
    for (const [task] of layout.blockers) perTask.set(task, (perTask.get(task) ?? 0) + 1);
    expect(Math.max(...perTask.values())).toBeLessThanOrEqual(50);
  });

  it("uses phase issues for a plan under 100 tasks when that is what fits a task's links", () => {
    const plan = `${phased([55], { parallel: true })}\n\n## Phase 2: Wrap up\n\n- [ ] T9999 Release`;
    const tasks = parsePlan(plan).tasks;
    expect(layoutSubIssues(tasks, "auto").blockers.filter(([task]) => task === "T9999")).toEqual([
      ["T9999", { kind: "phase", key: "phase-1" }],
    ]);
    const never = layoutSubIssues(tasks, "never");
    expect(never.diagnostics).toMatchObject([{ code: "too-many-dependencies", line: tasks[55]?.line }]);
    expect(never.diagnostics[0]?.hint).toContain("phaseIssues: auto");
  });

  it("names the task when even whole phases leave it more than 50 links", () => {
    const wide = [
      ...Array.from(
        { length: 51 },
        (_, i) => `## Phase ${i + 1}: Step ${i + 1}\n\n- [ ] A${i + 1} a${i + 1}\n  - Depends on: none`,
      ),
      "## Phase 52: End\n\n- [ ] B1 b (depends on A1-A51)",
    ].join("\n\n");
    const graph = parsePlan(wide);
    const error = graph.diagnostics.find((diagnostic) => diagnostic.code === "too-many-dependencies");
    expect(error?.message).toMatch(/^B1 waits directly for 51 tasks, even with the phases/);
    expect(error?.line).toBe(graph.tasks.find((task) => task.id === "B1")?.line);
    expect(error?.hint).toContain("intermediate task");
  });
});
