import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { taskGraphJsonSchema } from "../../src/core/graph/task-graph.ts";
import { runCaptured } from "./run-cli.ts";

const root = join(import.meta.dirname, "../..");
const seed002 = join(root, "test/fixtures/seeds/002_277688318b383d8f.txt");

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "foreman-plan-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("foreman plan", () => {
  it("prints seed 002 as JSON: 30 tasks with their edges, waves and reduced links", async () => {
    const { code, stdout } = await runCaptured(["plan", seed002, "--json"]);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.tasks).toHaveLength(30);
    expect(output.valid).toBe(true);
    const t018 = output.tasks.find((task: { id: string }) => task.id === "T018");
    expect(t018.deps).toContainEqual({ id: "T016", source: "prose", line: expect.any(Number) });
    expect(output.blockedBy).toContainEqual(["T018", "T016"]);
    expect(output.waves[0]).toEqual(["T001", "T002", "T003"]);
    expect(output.criticalPath[0]).toBe("T001");
    const { valid, waves, criticalPath, blockedBy, ...graph } = output;
    const ajv = new Ajv2020.default({ strict: false });
    expect(ajv.validate(taskGraphJsonSchema(), graph), ajv.errorsText()).toBe(true);
  });

  it("exits 1 on a cycle, printing FILE:LINE:COL and the path with lines", async () => {
    const file = await tempFile("cycle.md", "### T1: a\nDepends on: T2\n\n### T2: b\nDepends on: T1\n");
    const { code, stderr } = await runCaptured(["plan", file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:1:1: error: dependency cycle: T1 → T2 → T1`);
    expect(stderr).toContain("T1 (line 1), T2 (line 4)");
  });

  it("names an unknown reference and suggests one", async () => {
    const typo = await tempFile("typo2.md", "- [ ] T010 a\n- [ ] T011 b (after T100)\n");
    const second = await runCaptured(["validate", typo]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `${typo}:2:21: error: no task has the id 'T100'\n  hint: Did you mean T010?\n`,
    );
  });

  it("reads from stdin with -", async () => {
    const { code, stdout } = await runCaptured(["plan", "-", "--mermaid"], {
      stdin: "- [ ] A1 x\n- [ ] A2 y\n",
    });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'flowchart TD\n  t1["A1 · x"]\n  t2["A2 · y"]\n  t1 --> t2\n  classDef pending fill:#f6f8fa,stroke:#8c959f,color:#24292f\n  class t1,t2 pending\n',
    );
  });

  it("prints a human overview and table by default", async () => {
    const { code, stdout } = await runCaptured(["plan", join(root, "examples/plan.md")]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Add rate limiting to the public API\n4 tasks · 2 phases · dependencies as stated in the document",
    );
    expect(stdout).toContain("Critical path (3 tasks): T1 → T3 → T4");
    expect(stdout).toContain("| T3 | Middleware | ⏳ to do | T1, T2 | Phase 2: Wiring |");
  });

  it("answers usage errors with exit 2 and a clear message", async () => {
    expect((await runCaptured(["plan"])).stderr).toContain("foreman plan: missing FILE (use - for stdin).");
    expect((await runCaptured(["plan"])).code).toBe(2);
    expect((await runCaptured(["plan", "a", "b"])).code).toBe(2);
    expect((await runCaptured(["plan", "x.md", "--bogus"])).code).toBe(2);
    const missing = await runCaptured(["plan", "no/such/file.md"]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: "foreman: cannot read 'no/such/file.md': no such file.\n",
    });
    expect((await runCaptured(["frobnicate"])).stderr).toContain("unknown command 'frobnicate'");
    expect((await runCaptured(["plan", "--help"])).stdout).toContain("Usage: foreman plan FILE|-");
  });

  it("keeps the published JSON Schema in docs/ up to date", async () => {
    const { stdout } = await runCaptured(["plan", "--schema"]);
    expect(JSON.parse(await readFile(join(root, "docs/task-graph.schema.json"), "utf8"))).toEqual(
      JSON.parse(stdout),
    );
  });

  it("runs as the installed `foreman` binary", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(root, "bin/foreman.js"),
      "validate",
      seed002,
    ]);
    expect(stdout).toBe("");
    const failing = await tempFile("bad.md", "nothing here\n");
    const error = await promisify(execFile)(process.execPath, [
      join(root, "bin/foreman.js"),
      "plan",
      failing,
    ]).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`${failing}:1:1: error: no tasks found: this is plain text`);
  });
});

describe("the command line, as a new user meets it", () => {
  it("prints the version", async () => {
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    const { code, stdout } = await runCaptured(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`foreman ${manifest.version}\n`);
  });

  it("prints usage to stderr when run alone", async () => {
    const { code, stdout, stderr } = await runCaptured([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: foreman <command>");
  });

  it("suggests the option meant, and refuses --json with --mermaid", async () => {
    const typo = await runCaptured(["plan", seed002, "--jsn"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--jsn' (did you mean --json?)");
    const both = await runCaptured(["plan", seed002, "--json", "--mermaid"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --json or --mermaid, not both");
    expect(both.stdout).toBe("");
  });

  it("stops reading a file larger than an issue can be, and says so", async () => {
    const { code, stderr } = await runCaptured(["validate", "/dev/zero"]);
    expect(code).toBe(2);
    expect(stderr).toContain("'/dev/zero' is larger than 1 MiB; a plan must fit in a GitHub issue body");
    const piped = await runCaptured(["plan", "-"], { stdin: "x".repeat(1024 * 1024 + 1) });
    expect(piped.stderr).toContain("'<stdin>' is larger than 1 MiB");
  });

  it("turns YAML warnings into diagnostics at the plan's line and column", async () => {
    const file = await tempFile("yaml.md", "---\nname: &a x\nother: *b\n---\n- [ ] T1 a\n");
    const { stderr } = await runCaptured(["validate", file]);
    expect(stderr).toContain(`${file}:3:8: error: the front matter cannot be read`);
  });

  it("keeps the waves of a long document-order plan to a screenful", async () => {
    const file = await tempFile(
      "long.md",
      Array.from({ length: 200 }, (_, i) => `### Task ${i + 1}: Step ${i + 1}`).join("\n\n"),
    );
    const { stdout } = await runCaptured(["plan", file]);
    const waves = stdout.split("\n\n")[1]?.split("\n") ?? [];
    expect(waves.length).toBeLessThanOrEqual(14);
    expect(stdout).toContain("… 189 more waves …");
  });
});
