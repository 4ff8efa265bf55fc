import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines } from "../../../src/core/plan/diff-lines.ts";

describe("diffLines", () => {
  it("shows removed then added lines with two lines of context and elides the rest", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n");
    const after = ["a", "b", "C", "d", "e", "f", "g", "h", "i"].join("\n");
    expect(diffLines(before, after)).toEqual([" a", " b", "-c", "+C", " d", " e", "…", " g", " h", "+i"]);
  });

  it("is empty for equal texts", () => {
    expect(diffLines("same\ntext", "same\ntext")).toEqual([]);
  });

  it("rebuilds both texts from its lines when nothing is elided", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "c", "")),
        fc.array(fc.constantFrom("a", "b", "c", "")),
        (a, b) => {
          const lines = diffLines(a.join("\n"), b.join("\n"), Number.MAX_SAFE_INTEGER);
          const kept = (drop: string) =>
            lines.filter((line) => !line.startsWith(drop)).map((line) => line.slice(1));
          if (lines.length === 0) expect(a.join("\n")).toBe(b.join("\n"));
          else expect([kept("+"), kept("-")]).toEqual([a.join("\n").split("\n"), b.join("\n").split("\n")]);
        },
      ),
    );
  });
});
