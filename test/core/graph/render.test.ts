import { describe, expect, it } from "vitest";
import { criticalPath, remainingPathLengths } from "../../../src/core/graph/critical-path.ts";
import { executionWaves } from "../../../src/core/graph/execution-waves.ts";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { renderMermaid } from "../../../src/core/graph/render-mermaid.ts";
import { renderStatusTable } from "../../../src/core/graph/render-status-table.ts";
import { transitiveReduction } from "../../../src/core/graph/transitive-reduction.ts";

const diamond = parsePlan(
  [
    "- [ ] T1 Base ✅",
    "  - Depends on: none",
    "- [ ] T2 Left (after T1)",
    "- [ ] T3 Right | with pipe (after T1)",
    "- [ ] T4 Top (after T1, T2, T3)",
    "- [ ] T5 Side (after T1)",
  ].join("\n"),
);

describe("graph views", () => {
  it("reduces edges without changing reachability", () => {
    expect(transitiveReduction(diamond.tasks)).toEqual([
      ["T2", "T1"],
      ["T3", "T1"],
      ["T4", "T2"],
      ["T4", "T3"],
      ["T5", "T1"],
    ]);
  });

  it("groups remaining work into waves, skipping done tasks", () => {
    expect(executionWaves(diamond.tasks)).toEqual([["T2", "T3", "T5"], ["T4"]]);
    const fresh = diamond.tasks.map((task) => ({ ...task, status: "todo" as const }));
    expect(executionWaves(fresh)).toEqual([["T1"], ["T2", "T3", "T5"], ["T4"]]);
  });

  it("finds the critical path and each task's remaining chain length", () => {
    const fresh = diamond.tasks.map((task) => ({ ...task, status: "todo" as const }));
    expect(criticalPath(fresh)).toEqual(["T1", "T2", "T4"]);
    expect(Object.fromEntries(remainingPathLengths(fresh))).toEqual({ T1: 3, T2: 2, T3: 2, T4: 1, T5: 1 });
  });

  it("draws a mermaid flowchart coloured by state, escaping labels", () => {
    const text = renderMermaid(diamond.tasks, { states: { T2: "running", T4: "needs-human" } });
    expect(text.split("\n")[0]).toBe("flowchart TD");
    expect(text).toContain('t3["T3 · Right #124; with pipe"]');
    expect(text).toContain("t1 --> t2");
    expect(text).not.toContain("t1 --> t4");
    expect(text).toContain("class t4 needs_human");
    expect(text).toContain("class t1 done");
  });

  it("renders a markdown status table with direct blockers", () => {
    const table = renderStatusTable(diamond.tasks).split("\n");
    expect(table[0]).toBe("| Task | Title | Status | Waits for |");
    expect(table[2]).toBe("| T1 | Base | ✅ done | — |");
    expect(table[4]).toBe("| T3 | Right \\| with pipe | ⏳ to do | T1 |");
    expect(table[5]).toBe("| T4 | Top | ⏳ to do | T2, T3 |");
  });
});
