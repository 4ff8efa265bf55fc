import { describe, expect, it } from "vitest";
import { lintAt } from "./lint-at.ts";

const ENTRY_ONLY = 'Import the local GitHub only through its public entry, "@foreman/local-github"';
const PRODUCT_NEVER = "Only the CLI (src/cli) and the simulator (src/sim/simulate) use the local GitHub";
const PACKAGE_ALONE = "The local GitHub imports nothing from the product (DESIGN.md)";

const usesEntry =
  'import { startEmulator } from "@foreman/local-github";\nexport const start = startEmulator;\n';
const usesDeepName =
  'import { startEmulator } from "@foreman/local-github/src/emulator/start-emulator.ts";\nexport const start = startEmulator;\n';
const usesDeepPath = (up: string) =>
  `import { BareRepo } from "${up}packages/local-github/src/git/bare-repo.ts";\nexport const repo = BareRepo;\n`;

describe("the local GitHub's package boundary", () => {
  it.each([["src/cli/some-command.ts"], ["src/sim/simulate/run-something.ts"], ["test/app/some.test.ts"]])(
    "lets %s import the public entry",
    async (path) => {
      expect(await lintAt(path, usesEntry)).not.toContain("noRestrictedImports");
    },
  );

  it.each([
    ["src/cli/some-command.ts", usesDeepName],
    ["src/cli/some-command.ts", usesDeepPath("../../")],
    ["src/sim/simulate/run-something.ts", usesDeepPath("../../../")],
    ["test/github/some.test.ts", usesDeepName],
    ["test/github/some.test.ts", usesDeepPath("../../")],
  ])("refuses a deep import of the package's insides in %s", async (path, source) => {
    expect(await lintAt(path, source)).toContain(ENTRY_ONLY);
  });

  it.each([["src/app/handler.ts"], ["src/github/forge.ts"], ["src/action/main.ts"], ["src/shell/loop.ts"]])(
    "keeps the package out of the product: %s",
    async (path) => {
      expect(await lintAt(path, usesEntry)).toContain(PRODUCT_NEVER);
      expect(await lintAt(path, usesDeepPath("../../"))).toContain(ENTRY_ONLY);
    },
  );

  it("keeps it out of src/core, whose purity rule still holds", async () => {
    const output = await lintAt(
      "src/core/plan/thing.ts",
      'import { readFileSync } from "node:fs";\nimport { startEmulator } from "@foreman/local-github";\nexport const x = [readFileSync, startEmulator];\n',
    );
    expect(output).toContain("src/core is pure (DESIGN.md): the local GitHub is for the CLI");
    expect(output).toContain(
      "src/core is pure (DESIGN.md): take data as arguments instead of reading files.",
    );
  });

  it.each([
    ['import { createForemanApp } from "../../../../src/app/create-foreman-app.ts";', "src/emulator/x.ts"],
    ['import { parsePlan } from "../../../../src/core/graph/parse-plan.ts";', "test/emulator/x.test.ts"],
    ['import { runCli } from "../../../src/cli.ts";', "src/x.ts"],
    [
      'import { startForemanApp } from "../../../../src/sim/simulate/start-foreman-app.ts";',
      "src/runner/x.ts",
    ],
    ['import { x } from "foreman";', "src/emulator/x.ts"],
  ])("refuses product code inside the package: %s", async (line, path) => {
    const output = await lintAt(`packages/local-github/${path}`, `${line}\nexport const y = 1;\n`);
    expect(output).toContain(PACKAGE_ALONE);
  });

  it("lets the package import its own modules by relative path", async () => {
    const output = await lintAt(
      "packages/local-github/src/emulator/x.ts",
      'import { BareRepo } from "../git/bare-repo.ts";\nimport { runGit } from "../git/run-git.ts";\nexport const y = [BareRepo, runGit];\n',
    );
    expect(output).not.toContain("noRestrictedImports");
  });
});
