import { describe, expect, it } from "vitest";
import { lintAt } from "./lint-at.ts";

const impure = [
  'import { readFileSync } from "node:fs";',
  'import { Octokit } from "@octokit/rest";',
  "export const load = () => [readFileSync, Octokit, Date.now(), process.env.HOME];",
].join("\n");

describe("src/core purity rule", () => {
  it("rejects I/O, GitHub clients, the clock and the environment in src/core", async () => {
    const output = await lintAt("src/core/impure.ts", impure);
    expect(output).toContain(
      "src/core is pure (DESIGN.md): take data as arguments instead of reading files.",
    );
    expect(output).toContain("src/core is pure (DESIGN.md): GitHub and runner APIs stay outside src/core.");
    expect(output).toContain("Do not use the global variable Date.");
    expect(output).toContain("Do not use the global variable process.");
  });

  it("allows the same code outside src/core", async () => {
    const output = await lintAt("src/app/impure.ts", impure);
    expect(output).not.toContain("noRestricted");
  });
});
