import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../../src/core/graph/parse-plan.ts";
import { renderPlanMarkdown } from "../../../src/core/graph/render-plan-markdown.ts";
import { taskGraphSchema } from "../../../src/core/graph/task-graph.ts";

const word = fc.stringMatching(/^[A-Za-z][a-z]{1,8}$/);

/** A random DAG: task i may depend on any task before it. */
const dag = fc.integer({ min: 1, max: 25 }).chain((size) =>
  fc
    .tuple(
      fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: size, maxLength: size }),
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: size, maxLength: size }),
      fc.array(fc.constantFrom("todo", "in-progress", "done"), { minLength: size, maxLength: size }),
    )
    .map(([titles, picks, statuses]) =>
      titles.map((title, index) => ({
        id: `T${index + 1}`,
        title: `${title.join(" ")} number ${index + 1}`,
        status: statuses[index] as "todo" | "in-progress" | "done",
        deps:
          index === 0
            ? []
            : [...new Set(picks[index]?.map((pick) => pick % index))]
                .sort((a, b) => a - b)
                .map((dep) => `T${dep + 1}`),
      })),
    ),
);

describe("properties", () => {
  it("random DAG → markdown → parse gives back the same graph", () => {
    fc.assert(
      fc.property(dag, (tasks) => {
        const markdown = renderPlanMarkdown({
          title: "Generated",
          tasks: tasks.map((task) => ({
            ...task,
            description: "",
            files: [],
            acceptance: [],
            verify: [],
            deps: task.deps.map((id) => ({ id, source: "explicit" as const, line: null })),
          })),
        });
        const graph = parsePlan(markdown);
        expect(graph.diagnostics).toEqual([]);
        expect(
          graph.tasks.map((task) => ({
            id: task.id,
            title: task.title,
            status: task.status,
            deps: task.deps.map((dep) => dep.id),
          })),
        ).toEqual(tasks);
        expect(graph.tasks.every((task) => task.deps.every((dep) => dep.source === "explicit"))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("never throws on arbitrary text, and always returns a schema-valid graph", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(taskGraphSchema.safeParse(parsePlan(text)).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on markdown-shaped noise", () => {
    const piece = fc.constantFrom(
      "### Task 1: a",
      "## T2: b",
      "- [ ] T3 c",
      "- [x] **T4** [P] d",
      "Depends on: T1-T9",
      "**Files**: `a`",
      "## Dependencies",
      "- T1 blocks T2",
      "T5 requires: T1",
      "```yaml foreman",
      "```",
      "depends_on: [T1",
      "---",
      "# Phase 1",
      "- [ ]* 2.1 (P) e",
      "- [ ] #12",
      "Blocks: none",
      "\r\n",
      "\t",
      "\uFEFF",
      "ó Not Started",
      "⏳",
      "T1-T0",
      "Task 3",
      "(depends on T3)",
      "2.1",
      "\n\n",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.constantFrom("\n", " ", ""), { maxLength: 40 }),
        (pieces, glue) => {
          const text = pieces.map((p, i) => p + (glue[i] ?? "\n")).join("");
          const graph = parsePlan(text);
          expect(taskGraphSchema.safeParse(graph).success).toBe(true);
          for (const diagnostic of graph.diagnostics) expect(diagnostic.hint.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("compiles random hostile documents of up to 65,536 characters (the time is the benchmark's)", () => {
    const unit = fc.constantFrom(
      "- ",
      "1. ",
      "> ",
      "  ",
      "\t",
      "*",
      "_",
      "`",
      "[",
      "](",
      "<",
      "<!--",
      "#",
      "### T1: x\n",
      "- [ ] T2 ",
      "T1-T500, ",
      "Depends on: ",
      "US1 ",
      "Phase 2 ",
      "\n",
      "```\n",
      "---\n",
      "|",
      "\\",
      "&#x1F600;",
    );
    const hostile = fc
      .tuple(
        fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 4000 })), { minLength: 1, maxLength: 12 }),
        fc.nat(),
      )
      .map(([runs]) =>
        runs
          .map(([piece, times]) => piece.repeat(times))
          .join("")
          .slice(0, 65_536),
      );
    fc.assert(
      fc.property(hostile, (text) => {
        const graph = parsePlan(text);
        expect(taskGraphSchema.safeParse(graph).success).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
