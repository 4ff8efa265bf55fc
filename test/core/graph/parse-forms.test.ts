import { describe, expect, it } from "vitest";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import type { Task } from "../../../src/core/graph/task-graph.ts";

const task = (markdown: string, id: string): Task => {
  const found = parsePlan(markdown).tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id} in:\n${markdown}`);
  return found;
};

describe("task headings", () => {
  it.each([
    ["### Task 3: Reporting ⏳ Not Started", "3", "Reporting", "todo"],
    ["## T003: Build the API", "T003", "Build the API", "todo"],
    ["## 🎯 TASK #002: Wire it ✅ COMPLETE", "002", "Wire it", "done"],
    ["### 3. Title here", "3", "Title here", "todo"],
    ["### Task: setup-db - Create the database", "setup-db", "Create the database", "todo"],
    ["### Task 4: Retry logic 🔄 In Progress", "4", "Retry logic", "in-progress"],
    ["### Task 5: Cleanup [DONE]", "5", "Cleanup", "done"],
    ["### Task 6: Old work âœ… COMPLETE", "6", "Old work", "done"],
    ["### Task 7: Emoji only ðŸ”„", "7", "Emoji only", "in-progress"],
    ["### Task 8: Mark task done", "8", "Mark task done", "todo"],
    ["### Task 9 Write the docs", "9", "Write the docs", "todo"],
    ["### T010 Add linting", "T010", "Add linting", "todo"],
    ["### #011 Ship it", "011", "Ship it", "todo"],
  ])("%s", (heading, id, title, status) => {
    const found = task(`${heading}\n\nSome work.\n`, id);
    expect(found.title).toBe(title);
    expect(found.status).toBe(status);
  });

  it("does not take numbered document sections or years for tasks", () => {
    const graph = parsePlan("## 1. Overview\n\nText.\n\n## 2024 roadmap\n\n### 2. Build it\n");
    expect(graph.tasks.map((t) => t.id)).toEqual(["2"]);
  });

  it("warns of a heading at task depth that starts like a task but is none, and keeps names as titles", () => {
    const graph = parsePlan("## T001: Build\n\nWork.\n\n## T2 Tidy\n\nMore.\n\n## S3 bucket policy\n");
    expect(graph.tasks.map((t) => t.id)).toEqual(["T001"]);
    expect(graph.diagnostics.filter((d) => d.code === "heading-not-a-task")).toMatchObject([
      { severity: "warning", line: 5, message: expect.stringContaining("'T2 Tidy'") },
      { severity: "warning", line: 9, message: expect.stringContaining("'S3 bucket policy'") },
    ]);
    const prose = parsePlan("## T001: Build\n\nWork.\n\n### V2 API notes\n\nText.\n");
    expect(prose.diagnostics.filter((d) => d.code === "heading-not-a-task")).toEqual([]);
  });

  it("treats Phase/Epic/User Story headings as groups", () => {
    const graph = parsePlan("## Epic: Billing\n\n### T1: Invoices\n\n## User Story 2\n\n### T2: Refunds\n");
    expect(graph.tasks.map((t) => [t.id, t.phase])).toEqual([
      ["T1", "Epic: Billing"],
      ["T2", "User Story 2"],
    ]);
  });

  it("reads sections inside a task, as headings or bold labels", () => {
    const found = task(
      [
        "### Task 1: Parser",
        "",
        "**Objective**: Read task files.",
        "",
        "#### Implementation Steps",
        "- [x] 1.1 Define the format",
        "- [ ] 1.2 Write the reader",
        "",
        "**Acceptance Criteria**:",
        "- Parses all seeds",
        "- Errors name the line",
        "",
        "**Verification Method**:",
        "```bash",
        "npm test",
        "# a comment",
        "npx foreman plan seeds/002.md",
        "```",
        "",
        "#### Technical Specifications",
        "Under 100 ms.",
      ].join("\n"),
      "1",
    );
    expect(found.description).toBe("Read task files.");
    expect(found.steps).toEqual([
      { text: "1.1 Define the format", done: true },
      { text: "1.2 Write the reader", done: false },
    ]);
    expect(found.acceptance).toEqual(["Parses all seeds", "Errors name the line"]);
    expect(found.verify).toEqual(["npm test", "npx foreman plan seeds/002.md"]);
    expect(found.specs).toBe("Under 100 ms.");
  });

  it("makes a heading that holds other task headings the title, not a task", () => {
    const graph = parsePlan("# Task 9: The whole project\n\n### Task 1: A\n\n### Task 2: B\n");
    expect(graph.title).toBe("Task 9: The whole project");
    expect(graph.tasks.map((t) => t.id)).toEqual(["1", "2"]);
  });

  it("keeps numbered subtask headings as subtasks of their parent", () => {
    const graph = parsePlan("## 2. Backend\n\n### 2.1 API\n\n### 2.2 Storage\n");
    expect(graph.tasks.map((t) => [t.id, t.parent])).toEqual([
      ["2", null],
      ["2.1", "2"],
      ["2.2", "2"],
    ]);
    expect(graph.tasks[0]?.deps.map((d) => [d.id, d.source])).toEqual([
      ["2.1", "subtask"],
      ["2.2", "subtask"],
    ]);
  });
});

describe("field lines", () => {
  it("reads every way of writing a key, several per line, case-insensitively", () => {
    const found = task(
      [
        "### T2: Thing",
        "**Priority**: HIGH | **Complexity**: MEDIUM | **Impact**: HIGH",
        "**depends on:** T1",
        "- Files: `src/a.ts`, `src/b.ts`",
        "Labels: backend, api",
        "__Type__: bugfix",
        "Agent: reviewer",
        "",
        "### T1: First",
      ].join("\n"),
      "T2",
    );
    expect(found.priority).toBe("high");
    expect(found.complexity).toBe("medium");
    expect(found.deps).toEqual([{ id: "T1", source: "explicit", line: 3 }]);
    expect(found.files).toEqual(["src/a.ts", "src/b.ts"]);
    expect(found.labels).toEqual(["backend", "api"]);
    expect(found.type).toBe("bugfix");
    expect(found.agent).toBe("reviewer");
  });

  it("reads Blocks, After, Requires, Parallel with and Conflicts with", () => {
    const graph = parsePlan(
      [
        "### T1: A",
        "Blocks: T3",
        "",
        "### T2: B",
        "After: T1",
        "Conflicts with: T3",
        "",
        "### T3: C",
        "Requires: Task 2",
        "Parallel with: T2",
      ].join("\n"),
    );
    const byId = Object.fromEntries(graph.tasks.map((t) => [t.id, t]));
    expect(byId.T3?.deps.map((d) => d.id)).toEqual(["T1", "T2"]);
    expect(byId.T2?.deps.map((d) => d.id)).toEqual(["T1"]);
    expect(byId.T2?.conflictsWith).toEqual(["T3"]);
    expect(byId.T3?.parallelWith).toEqual(["T2"]);
  });

  it("warns about an unknown type and names the accepted ones", () => {
    const graph = parsePlan("### T1: A\nType: chore\n");
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "unknown-type",
        line: 2,
        column: 7,
        hint: expect.stringContaining("implementation"),
      }),
    ]);
  });
});

describe("checklist tasks", () => {
  it("reads ids, markers, inline dependencies and file paths", () => {
    const graph = parsePlan(
      [
        "## Phase 1: Setup",
        "- [ ] T010 Base",
        "- [ ] T011 Other",
        "- [ ] T012 [P] [US1] Build the widget in `src/widget.ts` (depends on T010, T011)",
        "- [x] **T004** [P] Already done",
        "- [ ]* T013 Nice to have",
        "- [ ] 2.1 (P) Numbered",
      ].join("\n"),
    );
    const byId = Object.fromEntries(graph.tasks.map((t) => [t.id, t]));
    expect(byId.T012).toMatchObject({
      title: "Build the widget in `src/widget.ts`",
      parallel: true,
      labels: ["US1"],
      files: ["src/widget.ts"],
      phase: "Phase 1: Setup",
    });
    expect(byId.T012?.deps.map((d) => [d.id, d.source])).toEqual([
      ["T010", "explicit"],
      ["T011", "explicit"],
    ]);
    expect(byId.T004).toMatchObject({ status: "done", parallel: true, title: "Already done" });
    expect(byId.T013).toMatchObject({ optional: true });
    expect(byId["2.1"]).toMatchObject({ parallel: true, title: "Numbered" });
  });

  it("adopts an existing issue with `- [ ] #123`", () => {
    const graph = parsePlan("- [ ] #123\n- [ ] T2 Next (after #123)\n");
    expect(graph.tasks[0]).toMatchObject({ id: "#123", issue: 123 });
    expect(graph.tasks[1]?.deps.map((d) => d.id)).toEqual(["#123"]);
  });

  it("depends on an existing issue when no task has that number", () => {
    const graph = parsePlan("- [ ] T1 Fix it (depends on #45)\n");
    expect(graph.tasks[0]?.deps).toEqual([{ id: "#45", source: "explicit", line: 1 }]);
    expect(graph.diagnostics).toEqual([]);
  });

  it("reports `#T9` as an unknown task rather than an issue", () => {
    const graph = parsePlan("- [ ] T1 a\n- [ ] T2 b (depends on #T9)\n");
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({ code: "unknown-reference", message: "no task has the id '#T9'" }),
    ]);
  });

  it("keeps nested checkboxes as steps and plain bullets as description", () => {
    const found = task("- [ ] T1 Parent\n  - Some detail\n  - [ ] a step\n  - Depends on: none\n", "T1");
    expect(found.steps).toEqual([{ text: "a step", done: false }]);
    expect(found.description).toBe("- Some detail");
  });

  it("numbers a plain checklist when the document has no ids at all", () => {
    const graph = parsePlan("- [ ] Design schema\n- [✓] Generate code (completed)\n- [→] Review code\n");
    expect(graph.tasks.map((t) => [t.id, t.title, t.status])).toEqual([
      ["1", "Design schema", "todo"],
      ["2", "Generate code", "done"],
      ["3", "Review code", "in-progress"],
    ]);
    expect(graph.tasks[2]?.deps.map((d) => [d.id, d.source])).toEqual([["2", "order"]]);
  });

  it("ignores id-less checklists (like a validation checklist) when tasks have ids", () => {
    const graph = parsePlan("- [ ] T1 Work\n\n## Validation Checklist\n- [ ] All tests pass (T1)\n");
    expect(graph.tasks.map((t) => t.id)).toEqual(["T1"]);
  });
});

describe("dependency defaults", () => {
  it("uses document order, [P] runs and phase barriers when nothing is stated", () => {
    const graph = parsePlan(
      [
        "## Phase 1",
        "- [ ] T1 a",
        "- [ ] T2 [P] b",
        "- [ ] T3 [P] c",
        "- [ ] T4 d",
        "## Phase 2",
        "- [ ] T5 [P] e",
        "- [ ] T6 [P] f",
      ].join("\n"),
    );
    const deps = Object.fromEntries(graph.tasks.map((t) => [t.id, t.deps.map((d) => `${d.id}:${d.source}`)]));
    expect(graph.dependencyMode).toBe("document-order");
    expect(deps).toEqual({
      T1: [],
      T2: ["T1:order"],
      T3: ["T1:order"],
      T4: ["T2:order", "T3:order"],
      T5: ["T4:phase"],
      T6: ["T4:phase"],
    });
  });

  it("lets stated dependencies and phases rule once any dependency is stated", () => {
    const graph = parsePlan(
      ["## Phase 1", "- [ ] T1 a", "- [ ] T2 b", "## Phase 2", "- [ ] T3 c (after T1)", "- [ ] T4 d"].join(
        "\n",
      ),
    );
    const deps = Object.fromEntries(graph.tasks.map((t) => [t.id, t.deps.map((d) => `${d.id}:${d.source}`)]));
    expect(graph.dependencyMode).toBe("stated");
    expect(deps).toEqual({ T1: [], T2: [], T3: ["T1:explicit", "T2:phase"], T4: ["T1:phase", "T2:phase"] });
  });

  it("honours an explicit `none`: no implied edges for that task", () => {
    const graph = parsePlan(
      ["## Phase 1", "- [ ] T1 a", "## Phase 2", "- [ ] T2 b", "  - Depends on: none"].join("\n"),
    );
    expect(graph.tasks[1]?.deps).toEqual([]);
  });

  it("reads plan-level dependency prose with ranges and 'any other tasks'", () => {
    const graph = parsePlan(
      [
        "- [ ] T1 a",
        "- [ ] T2 b",
        "- [ ] T3 c",
        "- [ ] T4 d",
        "",
        "## Dependencies",
        "- T1-T2 must complete before any other tasks",
        "- T4 requires: T3 complete",
      ].join("\n"),
    );
    const deps = Object.fromEntries(graph.tasks.map((t) => [t.id, t.deps.map((d) => `${d.id}:${d.source}`)]));
    expect(deps).toEqual({
      T1: [],
      T2: [],
      T3: ["T1:prose", "T2:prose"],
      T4: ["T1:prose", "T2:prose", "T3:prose"],
    });
  });

  it("ends or starts a range with an inserted id, and names an unknown task in it once", () => {
    const tasks = ["T001", "T002", "T002a", "T003", "T004"].map((id) => `- [ ] ${id} work on ${id}`);
    const graph = parsePlan(
      [...tasks, "", "## Dependencies", "- T001-T002a are sequential", "- T002a-T004 are sequential"].join(
        "\n",
      ),
    );
    const deps = Object.fromEntries(graph.tasks.map((t) => [t.id, t.deps.map((d) => d.id)]));
    expect(deps).toEqual({ T001: [], T002: ["T001"], T002a: ["T002"], T003: ["T002a"], T004: ["T003"] });
    expect(graph.diagnostics).toEqual([]);
    const gap = parsePlan(
      ["- [ ] T1 a", "- [ ] T3 c", "- [ ] T4 d", "", "## Dependencies", "- T1-T4 are sequential"].join("\n"),
    );
    expect(gap.diagnostics.filter((d) => d.message.includes("'T2'"))).toHaveLength(1);
  });
});

describe("front matter and foreman YAML blocks", () => {
  it("reads plan settings and per-task fields, keeping line numbers", () => {
    const graph = parsePlan(
      [
        "---",
        "concurrency: 2",
        "model: claude-sonnet-4-6",
        "---",
        "### T1: A",
        "",
        "### T2: B",
        "```yaml foreman",
        "depends_on: [T1]",
        "files: [src/b.ts]",
        "```",
        "Type: nonsense",
      ].join("\n"),
    );
    expect(graph.settings).toMatchObject({ concurrency: 2, model: "claude-sonnet-4-6" });
    expect(graph.tasks[0]?.line).toBe(5);
    expect(graph.tasks[1]?.deps.map((d) => d.id)).toEqual(["T1"]);
    expect(graph.tasks[1]?.files).toEqual(["src/b.ts"]);
    expect(graph.diagnostics[0]).toMatchObject({ code: "unknown-type", line: 12 });
  });

  it("reports broken YAML with its line", () => {
    const graph = parsePlan(["### T1: A", "```yaml foreman", "depends_on: [T1", "```"].join("\n"));
    expect(graph.diagnostics[0]).toMatchObject({ severity: "error", code: "invalid-yaml", line: 3 });
  });

  it("reports a setting of the wrong type", () => {
    const graph = parsePlan("---\nconcurrency: lots\n---\n### T1: A\n");
    expect(graph.diagnostics[0]).toMatchObject({
      code: "invalid-setting",
      message: expect.stringContaining("concurrency"),
    });
  });
});

describe("text encodings", () => {
  it("reads CRLF, a BOM and tabs like LF", () => {
    const lf = parsePlan("### T1: A\n**Depends on**: none\n\n### T2: B\n\t**Depends on**: T1\n");
    const crlf = parsePlan(
      "\uFEFF### T1: A\r\n**Depends on**: none\r\n\r\n### T2: B\r\n\t**Depends on**: T1\r\n",
    );
    expect(crlf).toEqual(lf);
  });
});
