import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMarker } from "../../../src/core/plan/format-marker.ts";
import type { PlanMarker } from "../../../src/core/plan/plan-marker.ts";
import { readMarkers } from "../../../src/core/plan/read-markers.ts";

const text = fc.string({ minLength: 1, maxLength: 20 });
const number = fc.integer({ min: 1, max: 1_000_000 });
const marker: fc.Arbitrary<PlanMarker> = fc.oneof(
  fc.record({
    kind: fc.constant("task" as const),
    plan: number,
    task: text,
    spec: text,
    external: fc.option(fc.uniqueArray(number, { minLength: 1, maxLength: 5 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("approval" as const), plan: number, spec: text, by: text }),
  fc.record({ kind: fc.constant("tracking" as const), plan: number }),
  fc.record({ kind: fc.constant("label-refused" as const), plan: number, by: text }),
  fc.record({ kind: fc.constant("reply" as const), comment: number }),
);

describe("plan markers", () => {
  it("read back exactly what was written, whatever the task id or login contains", () => {
    fc.assert(
      fc.property(marker, fc.string(), fc.string(), (written, before, after) => {
        const body = `${before.replace(/<!--|-->/g, "")}\n${formatMarker(written)}\n${after.replace(/<!--|-->/g, "")}`;
        expect(readMarkers(body)).toEqual([written]);
      }),
    );
  });

  it("stay invisible HTML comments of one line", () => {
    expect(formatMarker({ kind: "task", plan: 12, task: "T 3", spec: "abc" })).toBe(
      "<!-- foreman:task plan=12 task=T%203 spec=abc -->",
    );
  });

  it("ignore malformed and unknown markers", () => {
    expect(
      readMarkers(
        "<!-- foreman:task plan=x task=T1 spec=a --> <!-- foreman:secret plan=1 --> <!-- foreman:tracking -->",
      ),
    ).toEqual([]);
    expect(readMarkers(null)).toEqual([]);
  });

  it("keep a task marker whose list of linked issues was garbled, dropping only the garbage", () => {
    expect(readMarkers("<!-- foreman:task plan=1 task=T1 spec=a external=99%2Cx%2C%2C45%2C99 -->")).toEqual([
      { kind: "task", plan: 1, task: "T1", spec: "a", external: [99, 45] },
    ]);
    expect(formatMarker({ kind: "task", plan: 1, task: "T1", spec: "a", external: [] })).toBe(
      "<!-- foreman:task plan=1 task=T1 spec=a -->",
    );
  });
});
