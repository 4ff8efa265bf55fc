import { describe, expect, it } from "vitest";
import { buildRepositoryContext } from "../../../src/core/planner/build-repository-context.ts";
import { estimateTokens } from "../../../src/core/planner/estimate-tokens.ts";
import { pickContextFiles } from "../../../src/core/planner/pick-context-files.ts";

describe("the repository context", () => {
  it("picks agent instructions, the README and manifests, top level first", () => {
    expect(
      pickContextFiles([
        "src/index.ts",
        "package.json",
        "README.md",
        "CLAUDE.md",
        "docs/README.md",
        "packages/api/package.json",
        "AGENTS.md",
        "packages/api/src/package.json",
      ]),
    ).toEqual(["AGENTS.md", "CLAUDE.md", "README.md", "package.json", "packages/api/package.json"]);
  });

  it("stays within its token budget and says what it cut", () => {
    const paths = Array.from({ length: 2000 }, (_, index) => `src/module-${index}/file.ts`);
    const context = buildRepositoryContext(
      {
        paths,
        partial: false,
        documents: [
          { path: "README.md", text: "readme ".repeat(5000) },
          { path: "package.json", text: '{"scripts":{"test":"vitest"}}' },
        ],
      },
      2000,
    );
    expect(estimateTokens(context)).toBeLessThanOrEqual(2000);
    expect(context).toMatch(/… \d+ more files not listed/);
    expect(context).toContain('## package.json\n{"scripts":{"test":"vitest"}}');
    expect(context).toMatch(/\[… \d+ more characters cut\]/);
  });
});
