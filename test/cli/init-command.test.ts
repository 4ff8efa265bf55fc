import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateWorkflowFile } from "../../src/cli/validate-workflow-file.ts";
import { foremanConfigSchema } from "../../src/core/config/config-schema.ts";
import { parseConfig } from "../../src/core/config/parse-config.ts";
import { runCaptured } from "./run-cli.ts";

const WORKFLOW = ".github/workflows/foreman-task.yml";
const git = (args: string[], cwd: string) => promisify(execFile)("git", args, { cwd });
const CONFIG = ".github/foreman.yml";

describe("foreman init", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "foreman-init-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("writes the task workflow from the template and a config that documents every key", async () => {
    const { code, stdout, stderr } = await runCaptured(["init"], { cwd: dir });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote ${WORKFLOW}  the workflow Foreman dispatches for each task attempt`);
    expect(stdout).toContain(`Wrote ${CONFIG}                 Foreman's settings, every key documented`);
    const template = await readFile(
      new URL("../../templates/workflows/foreman-task.yml", import.meta.url),
      "utf8",
    );
    expect(await readFile(join(dir, WORKFLOW), "utf8")).toBe(template);

    const config = await readFile(join(dir, CONFIG), "utf8");
    const parsed = parseConfig(parse(config));
    expect(parsed).toEqual({ ok: true, config: foremanConfigSchema.parse({}) });
    const lines = config.split("\n");
    const documented = (key: string, indent: string) => {
      const index = lines.findIndex((line) => line.startsWith(`${indent}${key}:`));
      expect(index, `${key} is written`).toBeGreaterThan(0);
      expect(lines[index - 1], `${key} has its description above it`).toMatch(new RegExp(`^${indent}# \\S`));
    };
    for (const key of Object.keys(foremanConfigSchema.shape)) documented(key, "");
    for (const key of Object.keys(foremanConfigSchema.shape.budget.unwrap().shape)) documented(key, "  ");
  });

  it("writes a workflow GitHub's own parser accepts, dispatchable with plan, task and attempt", async () => {
    await runCaptured(["init"], { cwd: dir });
    const check = await validateWorkflowFile(WORKFLOW, await readFile(join(dir, WORKFLOW), "utf8"));
    expect(check.errors).toEqual([]);
    expect(check.dispatchInputs?.sort()).toEqual(["attempt", "plan", "task"]);
  });

  it("prints the remaining steps, naming the workflow's secrets and the repository from origin", async () => {
    await git(["init", "--quiet"], dir);
    await git(["remote", "add", "origin", "https://github.com/acme/widgets.git"], dir);
    const { stdout } = await runCaptured(["init"], { cwd: dir });
    const steps = stdout.slice(stdout.indexOf("Next:"));
    expect(steps).toMatch(/^Next:\n {2}1\. Commit and push both files/);
    expect(steps).toContain("Install the Foreman GitHub App");
    expect(steps).toMatch(/Add the repository secrets? [^\n]*`ANTHROPIC_API_KEY`/);
    expect(steps).toContain("Require your CI's check on the default branch");
    expect(steps).toContain("npx foreman doctor acme/widgets`.");
  });

  it("refuses to overwrite and writes nothing, even when only one of the files exists", async () => {
    await mkdir(join(dir, ".github"), { recursive: true });
    await writeFile(join(dir, CONFIG), "label: mine\n");
    const { code, stdout, stderr } = await runCaptured(["init"], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "foreman init: .github/foreman.yml exists already; nothing was written. Run `foreman init --force` to overwrite, or compare with `foreman init` in an empty directory.\n",
    );
    expect(await readFile(join(dir, CONFIG), "utf8")).toBe("label: mine\n");
    await expect(readFile(join(dir, WORKFLOW), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("overwrites with --force and says so", async () => {
    await runCaptured(["init"], { cwd: dir });
    await writeFile(join(dir, CONFIG), "label: mine\n");
    const { code, stdout } = await runCaptured(["init", ".", "--force"], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(`Overwrote ${CONFIG}`);
    expect(await readFile(join(dir, CONFIG), "utf8")).toContain("label: foreman");
  });

  it.each([
    [
      ["missing"],
      1,
      "foreman init: 'missing' does not exist; give the directory of your repository's checkout.\n",
    ],
    [
      ["file.txt"],
      1,
      "foreman init: 'file.txt' is not a directory; give the directory of your repository's checkout.\n",
    ],
    [["a", "b"], 2, "foreman init: give at most one DIR\n\nUsage: foreman init"],
    [["--forse"], 2, "foreman init: Unknown option '--forse'"],
  ])("%j: status %i with a clear message", async (args, exit, message) => {
    await writeFile(join(dir, "file.txt"), "");
    const { code, stderr } = await runCaptured(["init", ...args], { cwd: dir });
    expect(code).toBe(exit);
    expect(stderr.startsWith(message)).toBe(true);
  });
});
