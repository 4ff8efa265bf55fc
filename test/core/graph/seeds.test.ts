import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isValidGraph, parsePlan } from "../../../src/core/graph/parse-plan.ts";
import type { Task, TaskGraph } from "../../../src/core/graph/task-graph.ts";
import { taskGraphSchema } from "../../../src/core/graph/task-graph.ts";

const seedsDir = join(import.meta.dirname, "../../fixtures/seeds");
const seed = (prefix: string) => {
  const name = [
    "000_78b9419a4bbd296f",
    "001_540382d01962328d",
    "002_277688318b383d8f",
    "003_805e5255a9df9e10",
    "004_e53cf5af7fd04bb4",
  ].find((file) => file.startsWith(prefix));
  return parsePlan(readFileSync(join(seedsDir, `${name}.txt`), "utf8"));
};

function depsOf(graph: TaskGraph, id: string): string[] {
  return graph.tasks.find((task) => task.id === id)?.deps.map((dep) => dep.id) ?? [];
}

function reaches(graph: TaskGraph, from: string, to: string): boolean {
  const byId = new Map(graph.tasks.map((task) => [task.id, task]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const dep of byId.get(id)?.deps ?? []) {
      if (dep.id === to) return true;
      if (!seen.has(dep.id)) {
        seen.add(dep.id);
        stack.push(dep.id);
      }
    }
  }
  return false;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `T${String(from + i).padStart(3, "0")}`);

describe("seed 000: '### Task N: Title ó Not Started' headings with numbered checkbox steps", () => {
  const graph = seed("000");

  it("finds exactly five tasks; the document title is not a task", () => {
    expect(graph.tasks.map((task) => task.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(graph.title).toBe("Task 003: Claude Code MCP Task Orchestration System");
    expect(isValidGraph(graph)).toBe(true);
  });

  it("reads the status and strips the mis-encoded marker from titles", () => {
    expect(graph.tasks[0]?.title).toBe("Task Description Format and Converter");
    expect(graph.tasks.every((task) => task.status === "todo")).toBe(true);
  });

  it("keeps checkboxes inside a task as its steps", () => {
    const first = graph.tasks[0] as Task;
    expect(first.steps.map((step) => step.text.split("\n")[0])).toContain(
      "1.1 Define task description format",
    );
    expect(first.steps.some((step) => step.text.includes("Create a markdown template"))).toBe(true);
    expect(first.priority).toBe("high");
    expect(first.complexity).toBe("medium");
    expect(first.acceptance).toContain("Performance meets target");
    expect(first.specs).toContain("Fast conversion");
  });

  it("orders the tasks by the document: task 5 comes after tasks 1-4", () => {
    expect(graph.dependencyMode).toBe("document-order");
    for (const id of ["1", "2", "3", "4"]) expect(reaches(graph, "5", id)).toBe(true);
    expect(depsOf(graph, "1")).toEqual([]);
  });
});

describe("seed 002: Spec Kit checklist with phases and a Dependencies section", () => {
  const graph = seed("002");
  const ids = graph.tasks.map((task) => task.id);

  it("finds T001-T030 and nothing from the validation checklist", () => {
    expect(ids).toEqual(range(1, 30));
    expect(isValidGraph(graph)).toBe(true);
    expect(graph.dependencyMode).toBe("stated");
    expect(graph.phases.map((phase) => phase.name)).toEqual([
      "Phase 3.1: Setup (3 tasks)",
      "Phase 3.2: Tests First (TDD)",
      "Phase 3.3: Core Implementation (ONLY after tests are failing)",
      "Phase 3.4: Integration (1 task)",
      "Phase 3.5: Polish (3 tasks)",
    ]);
  });

  it("applies 'T001-T003 must complete before any other tasks'", () => {
    for (const id of range(4, 30)) expect(depsOf(graph, id)).toEqual(expect.arrayContaining(range(1, 3)));
  });

  it("applies 'Tests (T004-T015) … before implementation (T016-T027)'", () => {
    for (const id of range(16, 27)) expect(depsOf(graph, id)).toEqual(expect.arrayContaining(range(4, 15)));
  });

  it("applies the 'blocks' and 'requires' lines with their source", () => {
    for (const id of ["T018", "T020", "T021", "T024"]) {
      const dep = graph.tasks.find((task) => task.id === id)?.deps.find((d) => d.id === "T016");
      expect(dep?.source).toBe("prose");
    }
    expect(depsOf(graph, "T019")).not.toContain("T016");
    expect(depsOf(graph, "T027")).toEqual(expect.arrayContaining(["T021", "T023", "T024", "T026"]));
    for (const id of ["T028", "T029", "T030"]) expect(depsOf(graph, id)).toContain("T027");
    expect(depsOf(graph, "T025")).toContain("T024");
    expect(depsOf(graph, "T022")).toEqual(expect.arrayContaining(["T021"]));
  });

  it("keeps the [P] contract tests T004-T008 independent of each other", () => {
    for (const a of range(4, 8))
      for (const b of range(4, 8)) if (a !== b) expect(reaches(graph, a, b)).toBe(false);
    expect(graph.tasks.filter((task) => task.parallel).map((task) => task.id)).toEqual(
      expect.arrayContaining(range(4, 15)),
    );
  });

  it("reads file paths and warns where [P] tasks share a file", () => {
    expect(graph.tasks.find((task) => task.id === "T016")?.files).toEqual(["shared/models.py"]);
    const overlaps = graph.diagnostics.filter((d) => d.code === "parallel-file-overlap");
    expect(overlaps.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("T005 and T004"),
        expect.stringContaining("T008 and T007"),
      ]),
    );
  });

  it("matches the published schema", () => {
    expect(taskGraphSchema.safeParse(graph).success).toBe(true);
  });
});

describe("seeds 001, 003 and 004: documents that are not clean plans", () => {
  for (const prefix of ["001", "003", "004"]) {
    it(`${prefix}: gives tasks or a clear diagnostic, never a crash`, () => {
      const graph = seed(prefix);
      expect(taskGraphSchema.safeParse(graph).success).toBe(true);
      if (graph.tasks.length === 0) {
        const noTasks = graph.diagnostics.find((d) => d.code === "no-tasks");
        expect(noTasks?.hint).toContain("### Task 3: Title");
      }
      for (const diagnostic of graph.diagnostics) {
        expect(diagnostic.line).toBeGreaterThan(0);
        expect(diagnostic.message).not.toBe("");
        expect(diagnostic.hint).not.toBe("");
      }
    });
  }

  it("001 (a design README) has no tasks and says how to write them", () => {
    const graph = seed("001");
    expect(graph.tasks).toEqual([]);
    expect(graph.diagnostics.map((d) => d.code)).toEqual(["no-tasks"]);
  });

  it("003 reads its numbered next steps as tasks and flags the dependency it cannot resolve", () => {
    const graph = seed("003");
    expect(graph.tasks.map((task) => task.title)).toContain(
      "Implement Critical Infrastructure (HIGHEST PRIORITY)",
    );
    expect(
      graph.diagnostics.some((d) => d.code === "no-task-reference" && d.message.includes("INFRASTRUCTURE")),
    ).toBe(true);
  });
});
