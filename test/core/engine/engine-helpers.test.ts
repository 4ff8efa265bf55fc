import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchPathGlob } from "../../../src/core/config/match-path-glob.ts";
import { formatClaimRef } from "../../../src/core/engine/format-claim-ref.ts";
import { formatRunName } from "../../../src/core/engine/format-run-name.ts";
import { formatTimestamp } from "../../../src/core/engine/format-timestamp.ts";
import { parseTimestamp } from "../../../src/core/engine/parse-timestamp.ts";
import { pathsOverlap } from "../../../src/core/engine/paths-overlap.ts";
import { rankPriority } from "../../../src/core/engine/rank-priority.ts";
import { readClaimRef } from "../../../src/core/engine/read-claim-ref.ts";
import { readRunName } from "../../../src/core/engine/read-run-name.ts";

describe("parseTimestamp and formatTimestamp", () => {
  it.each([
    ["1970-01-01T00:00:00Z", 0],
    ["2026-12-01T09:35:59Z", 1_796_117_759_000],
    ["2024-02-29T12:00:00.250Z", 1_709_208_000_250],
    ["2026-12-01T10:35:59+01:00", 1_796_117_759_000],
    ["2026-12-01T08:05:59-01:30", 1_796_117_759_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([[null], [""], ["yesterday"], ["2026-13-01T00:00:00Z"], ["2026-12-01 09:35:59"]])(
    "reads %s as unknown",
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );

  it("agrees with the platform clock and round-trips to the second", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8_000_000_000 }), (seconds) => {
        const ms = seconds * 1000;
        const text = formatTimestamp(ms);
        expect(text).toBe(new Date(ms).toISOString().replace(".000", ""));
        expect(parseTimestamp(text)).toBe(ms);
      }),
    );
  });
});

describe("matchPathGlob, as the engine uses it", () => {
  it.each([
    [".github/**", ".github/workflows/ci.yml", true],
    [".github/**", "src/.github", false],
    ["CODEOWNERS", "CODEOWNERS", true],
    ["CODEOWNERS", "docs/CODEOWNERS", true],
    ["docs/CODEOWNERS", "CODEOWNERS", false],
    ["src/*.ts", "src/a.ts", true],
    ["src/*.ts", "src/deep/a.ts", false],
    ["src/**/*.ts", "src/deep/er/a.ts", true],
    ["src/**/*.ts", "src/a.ts", true],
    ["secrets", "secrets/key.pem", true],
    ["a?c", "abc", true],
    ["a.c", "abc", false],
    ["", "anything", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(matchPathGlob(path, pattern)).toBe(expected);
  });
});

describe("pathsOverlap", () => {
  it.each([
    ["src/a.ts", "src/a.ts", true],
    ["src/a.ts", "src/b.ts", false],
    ["src", "src/a.ts", true],
    ["./src/", "src/a.ts", true],
    ["src/api/*.ts", "src/api/users.ts", true],
    ["src/api/*.ts", "src/web/page.ts", false],
    ["**/*.md", "src/a.ts", true],
    ["src/a.ts", "src/a.tsx", false],
  ])("%s and %s: %s", (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });
});

describe("rankPriority", () => {
  it.each([
    ["P0", 0],
    ["p2", 2],
    ["1", 1],
    ["Critical", 0],
    ["high", 1],
    ["Medium", 2],
    ["low (nice to have)", 3],
    [null, 2],
    ["whenever", 2],
  ])("%s ranks %d", (priority, rank) => {
    expect(rankPriority(priority)).toBe(rank);
  });
});

describe("claim refs and run names", () => {
  it.each([
    ["T3", 2, 1, "refs/foreman/12/attempts/T3/2.1"],
    ["2.1", 1, 3, "refs/foreman/12/attempts/2%2E1/1.3"],
    ["a b~c", 1, 1, "refs/foreman/12/attempts/a%20b%7Ec/1.1"],
  ])("task %s attempt %d try %d claims %s", (task, attempt, tryNumber, ref) => {
    expect(formatClaimRef(12, task, attempt, tryNumber)).toBe(ref);
  });

  it("reads back the claims it writes, and not the plan's claims on child issues", () => {
    for (const task of ["T3", "2.1", "a b~c", "ü/x"]) {
      expect(readClaimRef(formatClaimRef(12, task, 2, 3))).toEqual({ plan: 12, task, attempt: 2, try: 3 });
    }
    expect(readClaimRef("refs/foreman/12/claims/1.2")).toBeNull();
    expect(readClaimRef("refs/heads/main")).toBeNull();
  });

  it("reads back the run name it writes, and nothing else", () => {
    expect(readRunName(formatRunName(12, "T3", 2))).toEqual({ plan: 12, task: "T3", attempt: 2 });
    expect(readRunName("CI on main")).toBeNull();
    expect(readRunName("Foreman: plan #12, task T3, attempt x")).toBeNull();
  });
});
