import { describe, expect, it } from "vitest";
import { layoutTaskGraph, NODE_HEIGHT, NODE_WIDTH } from "../../src/demo/layout-task-graph.ts";
import { renderPlanRunPage } from "../../src/demo/render-plan-run-page.ts";
import { HOSTILE_TITLE, hostilePlanRun } from "./hostile-plan-run.ts";
import { planRunFixture } from "./plan-run-fixture.ts";

const now = Date.parse("2026-12-01T10:02:00Z");

describe("renderPlanRunPage", () => {
  it("is one document that may load nothing: no script, no external reference, a strict CSP", () => {
    const html = renderPlanRunPage(planRunFixture("finished"), { now });
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(http/i);
    expect(html.match(/<tr class="task"/g)).toHaveLength(5);
    expect(html).toContain(
      "<strong>5/5 tasks done</strong> in 1m 34s · 6 attempts (1 retry) · $0.88 of $5.00 budget",
    );
  });

  it("escapes every piece of text and keeps javascript: links as text", () => {
    const html = renderPlanRunPage(hostilePlanRun(), { now });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:document");
    expect(html).toContain("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;");
    expect(html).toContain("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;");
    expect(html).toContain("<title>Plan #1 · Plan &lt;/title&gt;&lt;script&gt;");
    expect(HOSTILE_TITLE).toContain("<script>");
  });

  it("draws only the edges no other path implies, and lists every stated dependency in the table", () => {
    const run = planRunFixture("finished");
    const T5 = run.tasks[4];
    if (T5) T5.dependsOn = ["T4", "T1", "T2"];
    const html = renderPlanRunPage(run, { now });
    expect(html.match(/<path class="edge/g)).toHaveLength(5);
    expect(html).toContain('<div class="muted">after T4, T1, T2</div>');
  });

  it("shows each attempt with its verdict and the feedback it sent on", () => {
    const html = renderPlanRunPage(planRunFixture("finished"), { now });
    const row = html.slice(
      html.indexOf('<tr class="task" id="task-T4"'),
      html.indexOf('<tr class="task" id="task-T5"'),
    );
    expect(row).toContain("✗ failed");
    expect(row).toContain("✓ passed");
    expect(row).toContain("<summary>Feedback sent to attempt 2</summary>");
    expect(row).toContain("not ok 5 - done marks a to-do done and list shows it with [x]");
    expect(row).toContain(">attempt report</a>");
  });
});

describe("layoutTaskGraph", () => {
  const diamond = [
    { id: "T1", dependsOn: [] },
    { id: "T2", dependsOn: ["T1"] },
    { id: "T3", dependsOn: ["T1"] },
    { id: "T4", dependsOn: ["T2", "T3"] },
    { id: "T5", dependsOn: ["T4", "T1", "#99"] },
  ];

  it("puts each task one column after its latest dependency, and every edge runs left to right", () => {
    const layout = layoutTaskGraph(diamond);
    expect(layout.nodes.map((node) => [node.id, node.layer])).toEqual([
      ["T1", 0],
      ["T2", 1],
      ["T3", 1],
      ["T4", 2],
      ["T5", 3],
    ]);
    expect(layout.edges).toHaveLength(6);
    for (const edge of layout.edges)
      for (let index = 1; index < edge.points.length; index++)
        expect(edge.points[index]?.x).toBeGreaterThanOrEqual(edge.points[index - 1]?.x ?? 0);
  });

  it("routes a long edge around the boxes of the columns it crosses", () => {
    const layout = layoutTaskGraph(diamond);
    const long = layout.edges.find((edge) => edge.from === "T1" && edge.to === "T5");
    expect(long?.points).toHaveLength(6);
    for (const point of long?.points.slice(1, -1) ?? [])
      for (const node of layout.nodes) {
        const inside =
          point.x > node.x &&
          point.x < node.x + node.width &&
          point.y > node.y &&
          point.y < node.y + node.height;
        expect(inside, `${node.id}`).toBe(false);
      }
  });

  it("never overlaps two boxes and stays inside its own size, on a wide random graph", () => {
    const tasks = Array.from({ length: 60 }, (_, index) => ({
      id: `T${index + 1}`,
      dependsOn:
        index === 0 ? [] : [`T${((index * 7919) % index) + 1}`, `T${((index * 104729) % index) + 1}`],
    }));
    const layout = layoutTaskGraph(tasks);
    expect(layout.nodes).toHaveLength(60);
    for (const a of layout.nodes) {
      expect(a.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
      expect(a.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes)
        if (a !== b)
          expect(
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y,
          ).toBe(true);
    }
    expect(layoutTaskGraph(tasks)).toEqual(layout);
  });

  it("survives a cycle, which validation rejects, instead of looping", () => {
    const layout = layoutTaskGraph([
      { id: "A", dependsOn: ["B"] },
      { id: "B", dependsOn: ["A"] },
    ]);
    expect(layout.nodes).toHaveLength(2);
  });
});
