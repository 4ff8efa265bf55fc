import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./action-world.ts";

const run = promisify(execFile);

/** The committed bundle as a runner starts it, with `with:` inputs as INPUT_* variables. */
async function runBundle(inputs: Record<string, string>) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, "action/dist/index.js")], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("the Action's mode input", () => {
  it("refuses an unknown mode, naming the input and what it may be", async () => {
    const result = await runBundle({ mode: "deploy" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('input `mode`: must be task or reconcile (got "deploy")');
  });

  it("in reconcile mode needs the App's slug and a valid engine switch, and masks the token", async () => {
    const result = await runBundle({ mode: "reconcile", "github-token": "ghs_secret123", engine: "maybe" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("input `app-slug`: is required in reconcile mode");
    expect(result.stdout).toContain("input `engine`: must be on or off");
    // Masked the moment it is read: the runner hides it from then on, and nothing else prints it.
    expect(result.stdout.split("\n").filter((line) => line.includes("ghs_secret123"))).toEqual([
      "::add-mask::ghs_secret123",
    ]);
  });

  it("in reconcile mode outside a job says what is missing", async () => {
    const result = await runBundle({ mode: "reconcile", "github-token": "ghs_x", "app-slug": "foreman" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("must run in a GitHub Actions job: missing or invalid");
    expect(result.stdout).toContain("GITHUB_EVENT_NAME");
  });
});
