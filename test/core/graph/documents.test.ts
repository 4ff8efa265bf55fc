import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isValidGraph, parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { type TaskGraph, taskGraphSchema } from "../../../src/core/graph/task-graph.ts";

const documents = join(import.meta.dirname, "../../fixtures/documents");
const read = (file: string) => {
  const graph = parsePlan(readFileSync(join(documents, file), "utf8"));
  expect(taskGraphSchema.safeParse(graph).success).toBe(true);
  return graph;
};

/** Each task's dependencies as `id:source`, the graph a careful reader checks edge by edge. */
function edges(graph: TaskGraph): Record<string, string[]> {
  return Object.fromEntries(
    graph.tasks.map((task) => [task.id, task.deps.map((dep) => `${dep.id}:${dep.source}`)]),
  );
}

const codes = (graph: TaskGraph) => graph.diagnostics.map((diagnostic) => diagnostic.code);

describe("1. story, phase and priority names in dependency prose name groups, not tasks", () => {
  it("Spec Kit's Dependencies & Execution Order section orders the phases and stories as written", () => {
    const graph = read("spec-kit-stories.md");
    expect(isValidGraph(graph)).toBe(true);
    expect(graph.phases.map((phase) => phase.id)).toEqual([
      "phase-1",
      "phase-2",
      "phase-3",
      "phase-4",
      "phase-5",
      "phase-6",
    ]);
    expect(edges(graph)).toEqual({
      T001: [],
      T002: ["T001:order"],
      T003: ["T002:prose"],
      T004: ["T003:order"],
      T005: ["T004:prose"],
      T006: ["T005:order"],
      T007: ["T006:order"],
      // "US2 and US3 can run in parallel after US1"; US3 also "Depends on US1".
      T008: ["T004:prose", "T007:prose"],
      T009: ["T008:order"],
      T010: ["T004:prose", "T007:prose"],
      T011: ["T010:order"],
      // "Polish (Final Phase): Depends on all desired user stories being complete".
      T012: ["T007:prose", "T009:prose", "T011:prose"],
      T013: ["T012:order"],
    });
    expect(graph.diagnostics).toEqual([]);
  });

  it("a story the plan does not have is a warning quoting the line, never an edge to task 1 or 2", () => {
    const graph = read("spec-kit-unmatched-stories.md");
    expect(isValidGraph(graph)).toBe(true);
    expect(edges(graph)).toEqual({ T001: [], T002: ["T001:order"], T003: ["T002:phase"] });
    const warnings = graph.diagnostics.filter((d) => d.code === "unknown-group-reference");
    expect(warnings.map((d) => d.line)).toEqual([14, 15, 16]);
    expect(warnings[0]?.message).toContain("'**User Story 1 (P1)**: Can start after Foundational (Phase 2)");
    expect(warnings[2]?.message).toContain("'Phase 0'");
  });
});

describe("2. lists and headings that are not tasks", () => {
  it("numbered sections, a phase summary, criteria checklists and code-block headings stay out", () => {
    const graph = read("not-tasks.md");
    expect(graph.tasks.map((task) => task.id)).toEqual(["1", "2", "3"]);
    expect(graph.tasks[2]?.acceptance).toEqual(["Every skill uses the new front matter", "9 skills updated"]);
    expect(edges(graph)).toEqual({ "1": [], "2": ["1:explicit"], "3": ["2:explicit"] });
    expect(graph.diagnostics).toEqual([]);
  });
});

describe("3. superpowers plans", () => {
  it("Files end with their list, Step N paragraphs are steps, Run: lines are checks", () => {
    const graph = read("superpowers-plan.md");
    const [first, second] = graph.tasks;
    expect(first?.files).toEqual(["src/cache.ts", "src/client.ts", "test/cache.test.ts"]);
    expect(first?.steps.map((step) => step.text)).toEqual([
      "Write the failing test",
      "Run test to verify it fails",
      "Write minimal implementation",
      "Commit",
    ]);
    expect(first?.verify).toEqual(['npm test -- cache (expected: FAIL with "cache is not defined")']);
    expect(second?.files).toEqual(["src/client.ts"]);
    expect(edges(graph)).toEqual({ "1": [], "2": ["1:order"] });
  });
});

describe("4. every statement about order becomes edges", () => {
  it("sequential ranges, parallel-after, group completion and mermaid flowcharts", () => {
    const graph = read("stated-order-forms.md");
    const deps = edges(graph);
    expect(deps.T002).toEqual(["T001:prose"]);
    expect(deps.T007).toEqual(["T006:prose"]);
    expect(deps.T008).toEqual(["T007:prose"]);
    expect(deps.T010).toEqual(["T009:prose"]);
    expect(deps.T011).toEqual(["T009:prose"]);
    expect(deps.T009).toContain("T005:prose");
    expect(deps.T004).toEqual(["T002:prose", "T003:prose"]);
    expect(deps.T012).toEqual(expect.arrayContaining(["T002:prose", "T003:prose"]));
    expect(graph.diagnostics).toEqual([]);
  });

  it("CCPM epics: the Tasks Created list with (parallel: …, depends on: …, conflicts with …)", () => {
    const graph = read("ccpm-epic.md");
    expect(graph.tasks.map((task) => [task.id, task.title, task.parallel])).toEqual([
      ["001", "Extract the order query", false],
      ["002", "Add the CSV serializer", true],
      ["003", "Add the export endpoint", false],
      ["004", "Document exports", true],
    ]);
    expect(edges(graph)).toEqual({
      "001": [],
      "002": [],
      "003": ["001:explicit", "002:explicit"],
      "004": [],
    });
    expect(graph.tasks[3]?.conflictsWith).toEqual(["003"]);
    expect(graph.diagnostics).toEqual([]);
  });

  it("CCPM task files: one task whose front matter gives its dependencies on other issues", () => {
    const graph = read("ccpm-task-file.md");
    expect(isValidGraph(graph)).toBe(true);
    expect(graph.tasks.map((task) => [task.id, task.title, task.parallel])).toEqual([
      ["1236", "Add the CSV export endpoint", true],
    ]);
    expect(graph.tasks[0]?.deps.map((dep) => dep.id)).toEqual(["#1234", "#1235"]);
    expect(graph.tasks[0]?.acceptance).toContain("Owners of other shops get 403");
  });

  it("GSD roadmaps: a phase's own Depends on line", () => {
    const graph = read("gsd-roadmap.md");
    expect(graph.phases.map((phase) => phase.id)).toEqual(["phase-1", "phase-2", "phase-3"]);
    expect(edges(graph)).toEqual({
      "01-01": [],
      "01-02": ["01-01:order"],
      "02-01": ["01-02:prose"],
      "02-02": ["02-01:order"],
      "03-01": ["01-02:prose"],
    });
    expect(graph.tasks.filter((task) => task.status === "done").map((task) => task.id)).toEqual([
      "01-01",
      "01-02",
    ]);
    expect(graph.diagnostics).toEqual([]);
  });
});

describe("5. groups the document calls independent run side by side", () => {
  it("US2 and US3 wait for US1, not for each other", () => {
    const deps = edges(read("spec-kit-stories.md"));
    expect(deps.T010).not.toContain("T009:phase");
    expect(deps.T008).not.toContain("T011:phase");
  });
});

describe("6. no task disappears without a diagnostic", () => {
  it("letter-suffixed ids are tasks; a bold word that is no id does not switch the list to ids silently", () => {
    const graph = read("lost-tasks.md");
    expect(graph.tasks.map((task) => task.id)).toEqual(["T001", "T002", "T002a", "T003"]);
    expect(codes(graph)).toEqual(["item-without-id"]);
    expect(graph.diagnostics[0]?.message).toContain("BM25 Scope Propagation");
  });
});

describe("7. a Kiro parent with work of its own comes before its sub-tasks", () => {
  it("1 (with bullets) before 1.1; the bare header 2 after 2.1 and 2.2", () => {
    const graph = read("kiro-tasks.md");
    expect(edges(graph)).toEqual({
      "1": [],
      "1.1": ["1:subtask"],
      "2": ["2.1:subtask", "2.2:subtask"],
      "2.1": ["1.1:order"],
      "2.2": ["2.1:order"],
      "3": ["2:order"],
    });
    expect(graph.tasks[1]?.optional).toBe(true);
    expect(isValidGraph(graph)).toBe(true);
  });
});

describe("8. names and titles as written", () => {
  it("keeps & + and any script in phase names, joins soft breaks, drops (parallel: …) and `[P]`", () => {
    const graph = read("cosmetics.md");
    expect(graph.phases.map((phase) => phase.name)).toEqual([
      "Phase 1: Schema & Infrastructure",
      "Phase 2: 環境構築",
      "Phase 3: Build + Release",
    ]);
    expect(graph.tasks.map((task) => task.title)).toEqual([
      "Create the schema in `db/schema.sql` with the orders table",
      "Add the migration runner",
      "Configure the CI cache",
      "Publish the package",
    ]);
    expect(graph.tasks[1]?.parallel).toBe(true);
    expect(edges(graph).T003).toEqual(["T002:prose"]);
  });
});

describe("9. Task Master tasks.json, as a file and in a plan issue", () => {
  const expected = {
    "1": [],
    "2": ["1:explicit", "2.1:subtask", "2.2:subtask"],
    "2.1": ["1:explicit"],
    "2.2": ["1:explicit", "2.1:explicit"],
    "3": ["2:explicit"],
  };

  it("gives the graph its dependencies say", () => {
    const graph = read("task-master-tasks.json");
    expect(edges(graph)).toEqual(expected);
    expect(graph.tasks[0]?.status).toBe("done");
    expect(graph.tasks[1]?.verify).toEqual(["An end-to-end login test passes"]);
    expect(graph.tasks[1]?.specs).toBe("Handle the callback and store the session.");
    expect(graph.tasks[2]?.line).toBeGreaterThan(graph.tasks[1]?.line ?? 0);
    expect(isValidGraph(graph)).toBe(true);
  });

  it("reads the same graph from a ```json block, with the issue's title", () => {
    const graph = read("task-master-issue.md");
    expect(edges(graph)).toEqual(expected);
    expect(graph.title).toBe("Login plan");
  });

  it("says what an unrecognised document looks like and what is accepted", () => {
    const json = parsePlan('{"items": [1, 2]}');
    expect(json.diagnostics[0]?.message).toContain("JSON, but not a Task Master tasks file");
    expect(json.diagnostics[0]?.hint).toContain("Task Master");
    expect(parsePlan("<!DOCTYPE html><html></html>").diagnostics[0]?.message).toContain("HTML");
  });
});

describe("10. YAML blocks", () => {
  it("a block with its own id is a task; 'none' with depends_on warns", () => {
    const graph = read("yaml-blocks.md");
    expect(graph.tasks.map((task) => [task.id, task.title])).toEqual([
      ["T1", "Email sender"],
      ["T2", "SMS sender"],
      ["T3", "Digest"],
    ]);
    expect(edges(graph)).toEqual({ T1: [], T2: ["T1:explicit"], T3: ["T2:explicit"] });
    expect(graph.tasks[1]?.files).toEqual(["src/sms.ts"]);
    expect(codes(graph)).toEqual(["conflicting-dependencies"]);
  });
});

describe("plans of more than 100 tasks", () => {
  const plan = (phases: number[]) => {
    let id = 0;
    return phases
      .map((size, phase) =>
        [
          `## Phase ${phase + 1}: Part ${phase + 1}`,
          ...Array.from(
            { length: size },
            () => `- [ ] T${String(++id).padStart(3, "0")}${id % 3 === 0 ? " [P]" : ""} Task ${id}`,
          ),
        ].join("\n"),
      )
      .join("\n\n");
  };

  it("a 155-task Spec Kit plan is valid, each task carrying its phase's stable id", () => {
    const graph = parsePlan(plan([40, 60, 55]));
    expect(graph.tasks).toHaveLength(155);
    expect(isValidGraph(graph)).toBe(true);
    expect(graph.tasks[154]?.group).toBe("phase-3");
    expect(graph.phases.map((phase) => [phase.id, phase.tasks.length])).toEqual([
      ["phase-1", 40],
      ["phase-2", 60],
      ["phase-3", 55],
    ]);
  });

  it("a phase of more than 100 tasks is valid: it takes two phase issues", () => {
    const graph = parsePlan(plan([20, 101]));
    expect(isValidGraph(graph)).toBe(true);
    expect(graph.diagnostics.find((d) => d.code === "too-many-tasks")).toBeUndefined();
  });
});
