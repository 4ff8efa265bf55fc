import { describe, expect, it } from "vitest";
import { decodePlanBytes } from "../../../src/core/graph/decode-plan-bytes.ts";
import { isValidGraph, parsePlan } from "../../../src/core/graph/parse-plan.ts";

const codes = (markdown: string) => parsePlan(markdown).diagnostics.map((d) => d.code);
const only = (markdown: string, code: string) => {
  const found = parsePlan(markdown).diagnostics.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("validation", () => {
  it("reports an empty document with the accepted forms", () => {
    for (const text of ["", "   \n\n", "# Just a title\n\nSome prose.\n"]) {
      const diagnostic = only(text, "no-tasks");
      expect(diagnostic).toMatchObject({ severity: "error", line: 1, column: 1 });
      expect(diagnostic?.hint).toContain("- [ ] T012 [P] Title (depends on T010)");
    }
  });

  it("reports a duplicate id with both lines", () => {
    const diagnostic = only("- [ ] T1 a\n- [ ] T2 b\n- [ ] T1 c\n", "duplicate-id");
    expect(diagnostic).toMatchObject({ severity: "error", line: 3 });
    expect(diagnostic?.message).toContain("line 1 and line 3");
  });

  it("names an unknown reference and suggests the closest id", () => {
    const diagnostic = only(
      "- [ ] T001 a\n- [ ] T002 b (depends on T0001)\n- [ ] T003 c (depends on T9)\n",
      "unknown-reference",
    );
    expect(diagnostic).toMatchObject({ line: 3, column: 26, message: "no task has the id 'T9'" });
    const suggestion = parsePlan("- [ ] T010 a\n- [ ] T011 b (depends on T101)\n").diagnostics[0];
    expect(suggestion).toMatchObject({ code: "unknown-reference", hint: "Did you mean T010, T011?" });
  });

  it("reports an ambiguous loose reference instead of guessing", () => {
    const diagnostic = only(
      "### T3: a\n\n### S3: b\n\n### Task 4: c\nDepends on: 3\n",
      "ambiguous-reference",
    );
    expect(diagnostic).toMatchObject({ line: 6, column: 13, message: "'3' could mean T3 or S3" });
  });

  it("reports a self-dependency and drops the edge", () => {
    const graph = parsePlan("- [ ] T1 a (depends on T1)\n");
    expect(graph.diagnostics.map((d) => d.code)).toEqual(["self-dependency"]);
    expect(graph.tasks[0]?.deps).toEqual([]);
  });

  it("prints a cycle as its full path with line numbers", () => {
    const diagnostic = only(
      ["### T001: a", "", "### T003: b", "Depends on: T007", "", "### T007: c", "Depends on: T003"].join(
        "\n",
      ),
      "dependency-cycle",
    );
    expect(diagnostic?.message).toBe(
      "dependency cycle: T003 → T007 → T003 — each task waits for the next, so none can start (T003 (line 3), T007 (line 6))",
    );
    expect(diagnostic?.line).toBe(3);
  });

  it("reports a subtask waiting for its own parent", () => {
    const diagnostic = only("## 2. Parent\n\n### 2.1 Child\nDepends on: 2\n", "subtask-waits-for-parent");
    expect(diagnostic).toMatchObject({ severity: "error", line: 4 });
    expect(codes("## 2. Parent\n\n### 2.1 Child\nDepends on: 2\n")).not.toContain("dependency-cycle");
  });

  it("warns about a [P] task that waits for its own parallel group", () => {
    const diagnostic = only(
      "- [ ] T1 a\n- [ ] T2 [P] b\n- [ ] T3 [P] c (after T2)\n",
      "parallel-contradiction",
    );
    expect(diagnostic).toMatchObject({ severity: "warning", line: 3 });
  });

  it("enforces GitHub's limits where phase issues cannot meet them: 50 blocked-by links", () => {
    // 101 tasks fit: two issues of "Tasks" under the plan, each with its hundred (layout-sub-issues.test.ts).
    const many = Array.from({ length: 101 }, (_, i) => `- [ ] T${i + 1} task ${i + 1}`).join("\n");
    expect(codes(many)).not.toContain("too-many-tasks");
    const wide = [
      ...Array.from({ length: 51 }, (_, i) => `- [ ] A${i + 1} a${i + 1}\n  - Depends on: none`),
      `- [ ] B1 b (depends on A1-A51)`,
    ].join("\n");
    expect(only(wide, "too-many-dependencies")?.message).toContain("51 tasks");
    const chain = Array.from(
      { length: 60 },
      (_, i) => `- [ ] A${i + 1} a${i + 1}${i > 0 ? ` (after A${i})` : ""}`,
    );
    const reducible = [...chain, "- [ ] B1 b (after A1-A60)"].join("\n");
    expect(codes(reducible)).not.toContain("too-many-dependencies");
  });

  it("reports a backwards or huge range", () => {
    expect(only("- [ ] T1 a (after T5-T2)\n", "invalid-range")?.message).toContain("runs backwards");
    expect(only("- [ ] T1 a (after T1-T9999)\n", "invalid-range")?.message).toContain("9999 tasks");
  });

  it("reports bytes that are not UTF-8 with their position", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("- [ ] T1 ok\n- [ ] T2 b"), 0xff, 0x0a]);
    const decoded = decodePlanBytes(bytes);
    expect(decoded.diagnostics[0]).toMatchObject({ code: "undecodable-bytes", line: 2, column: 11 });
    expect(parsePlan(decoded.text).tasks).toHaveLength(2);
  });

  it("reads UTF-16 with a byte-order mark", () => {
    const text = "- [ ] T1 café\n";
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer),
    ]);
    expect(decodePlanBytes(utf16)).toEqual({ text, diagnostics: [] });
  });

  it("accepts a valid plan with warnings", () => {
    const graph = parsePlan("- [ ] T1 [P] a in `x.ts`\n- [ ] T2 [P] b in `x.ts`\n");
    expect(graph.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(isValidGraph(graph)).toBe(true);
  });
});
