import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ACTION_INPUT_NAMES } from "../../src/action/action-inputs.ts";
import { reconcileInputsSchema } from "../../src/action/reconcile-inputs.ts";
import { ROOT, SDK_VERSION } from "./action-world.ts";
import { loadActionParser } from "./load-action-parser.ts";

const read = (path: string) => readFile(join(ROOT, path), "utf8");

type ActionFile = {
  inputs: Record<string, { required?: boolean; default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

describe("action/action.yml", () => {
  it("passes GitHub's own action parser and runs the committed bundle on node24", async () => {
    const parser = await loadActionParser();
    const { NoOperationTraceWriter } = parser;
    const content = await read("action/action.yml");
    const result = parser.parseAction({ name: "action/action.yml", content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    if (!result.value) throw new Error("action.yml did not parse");
    const template = parser.convertActionTemplate(result.context, result.value);
    expect(result.context.errors.getErrors()).toEqual([]);
    expect(template.runs).toMatchObject({ using: "node24", main: "dist/index.js" });
    await expect(read("action/dist/index.js")).resolves.toMatch(/createRequire/);

    // The parser is live: an unknown runtime or key is reported.
    const broken = parser.parseAction(
      {
        name: "broken.yml",
        content: content.replace("using: node24", "using: node99").replace("branding:", "brandng:"),
      },
      new NoOperationTraceWriter(),
    );
    if (broken.value) parser.convertActionTemplate(broken.context, broken.value);
    expect(broken.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it("declares exactly the inputs the Action reads in either mode, and the outputs the issue lists", async () => {
    const action = parseYaml(await read("action/action.yml")) as ActionFile;
    const names = new Set(["mode", ...ACTION_INPUT_NAMES, ...Object.keys(reconcileInputsSchema.shape)]);
    expect(Object.keys(action.inputs).sort()).toEqual([...names].sort());
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        "result",
        "reason",
        "pr-number",
        "turns",
        "input-tokens",
        "output-tokens",
        "cost-usd",
        "duration-ms",
        "report-path",
      ].sort(),
    );
  });

  it("installs the same Claude Code version the tests run against by default", async () => {
    const action = parseYaml(await read("action/action.yml")) as ActionFile;
    expect(SDK_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(action.inputs["claude-code-version"]?.default).toBe(SDK_VERSION);
  });

  it("is documented in the README: every input of action.yml in the Action inputs section", async () => {
    const action = parseYaml(await read("action/action.yml")) as ActionFile;
    const readme = await read("README.md");
    const section = /^## Action inputs\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? "";
    expect(section, "README.md needs a `## Action inputs` section").not.toBe("");
    const missing = Object.keys(action.inputs).filter((name) => !section.includes(`| \`${name}\` |`));
    expect(missing, "inputs missing from the README's Action inputs table").toEqual([]);
  });
});

describe("templates/workflows/foreman-task.yml", () => {
  it("passes GitHub's workflow parser with dispatch inputs, least permissions, a per-task concurrency group, a timeout, the App token and the Action", async () => {
    const parser = await loadActionParser();
    const content = await read("templates/workflows/foreman-task.yml");
    const parsed = parser.parseWorkflow(
      { name: "foreman-task.yml", content },
      new parser.NoOperationTraceWriter(),
    );
    if (!parsed.value) throw new Error(parsed.context.errors.getErrors().join("; "));
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    const workflow = parseYaml(content) as {
      "run-name": string;
      on: { workflow_dispatch: { inputs: Record<string, { required: boolean }> } };
      permissions: Record<string, string>;
      concurrency: { group: string };
      jobs: Record<
        string,
        {
          "timeout-minutes": number;
          steps: Array<{ id?: string; uses?: string; with?: Record<string, string> }>;
        }
      >;
    };
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(["plan", "task", "attempt"]);
    for (const name of ["plan", "task", "attempt"]) expect(workflow["run-name"]).toContain(`inputs.${name}`);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.concurrency.group).toContain("inputs.plan");
    expect(workflow.concurrency.group).toContain("inputs.task");
    const job = workflow.jobs.task;
    expect(job?.["timeout-minutes"]).toBeGreaterThan(0);
    const steps = job?.steps ?? [];
    const token = steps.findIndex((step) => step.uses?.startsWith("actions/create-github-app-token@"));
    const foreman = steps.findIndex((step) => step.uses?.endsWith("/action@v1"));
    expect(token).toBeGreaterThanOrEqual(0);
    expect(foreman).toBeGreaterThan(token);
    expect(steps[foreman]?.with?.["github-token"]).toBe(`\${{ steps.${steps[token]?.id}.outputs.token }}`);
    for (const name of ["plan", "task", "attempt"])
      expect(steps[foreman]?.with?.[name]).toBe(`\${{ inputs.${name} }}`);
    // Every input the step passes is one the Action declares.
    const action = parseYaml(await read("action/action.yml")) as ActionFile;
    for (const name of Object.keys(steps[foreman]?.with ?? {}))
      expect(Object.keys(action.inputs)).toContain(name);
    expect(template.jobs.map((entry) => entry.id.value)).toEqual(["task"]);
  });
});

describe("templates/workflows/foreman.yml", () => {
  type ForemanWorkflow = {
    on: Record<string, { types?: string[]; workflows?: string[] } | Array<{ cron: string }> | null>;
    permissions: Record<string, string>;
    concurrency: { group: string; "cancel-in-progress": boolean };
    jobs: Record<string, { steps: Array<{ id?: string; uses?: string; with?: Record<string, string> }> }>;
  };

  it("passes GitHub's workflow parser: the events the app subscribes to, a schedule, no GITHUB_TOKEN rights, the App token and the Action in reconcile mode", async () => {
    const parser = await loadActionParser();
    const content = await read("templates/workflows/foreman.yml");
    const parsed = parser.parseWorkflow(
      { name: "foreman.yml", content },
      new parser.NoOperationTraceWriter(),
    );
    if (!parsed.value) throw new Error(parsed.context.errors.getErrors().join("; "));
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(template.errors ?? []).toEqual([]);
    const workflow = parseYaml(content) as ForemanWorkflow;
    expect(Object.keys(workflow.on).sort()).toEqual(
      [
        "check_suite",
        "issue_comment",
        "issues",
        "merge_group",
        "pull_request_review",
        "pull_request_target",
        "schedule",
        "workflow_dispatch",
        "workflow_run",
      ].sort(),
    );
    expect(workflow.on.issues).toMatchObject({
      types: expect.arrayContaining(["labeled", "edited", "closed"]),
    });
    expect(workflow.on.pull_request_target).toMatchObject({ types: expect.arrayContaining(["closed"]) });
    // The task workflow's runs are events GitHub Actions reports: only workflow_run sees them.
    expect(workflow.on.workflow_run).toMatchObject({ workflows: expect.arrayContaining(["Foreman task"]) });
    expect(Array.isArray(workflow.on.schedule) && workflow.on.schedule[0]?.cron).toMatch(
      /^\S+ \S+ \S+ \S+ \S+$/,
    );
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    for (const key of ["issue.number", "pull_request.head.ref", "workflow_run", "github.run_id"])
      expect(workflow.concurrency.group).toContain(key);
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const token = steps.find((step) => step.uses?.startsWith("actions/create-github-app-token@"));
    const foreman = steps.find((step) => step.uses?.endsWith("/action@v1"));
    expect(foreman?.with).toMatchObject({
      mode: "reconcile",
      "github-token": `\${{ steps.${token?.id}.outputs.token }}`,
      "app-slug": `\${{ steps.${token?.id}.outputs.app-slug }}`,
    });
    const action = parseYaml(await read("action/action.yml")) as ActionFile;
    for (const name of Object.keys(foreman?.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
  });
});

describe("every workflow file users install and this project runs", async () => {
  const files = (
    await Promise.all(
      ["templates/workflows", ".github/workflows"].map(async (dir) =>
        (
          await readdir(join(ROOT, dir))
        )
          .filter((name) => /\.ya?ml$/.test(name))
          .map((name) => `${dir}/${name}`),
      ),
    )
  ).flat();

  it("are there: the task workflow and this project's CI", () => {
    expect(files).toEqual(
      expect.arrayContaining(["templates/workflows/foreman-task.yml", ".github/workflows/ci.yml"]),
    );
  });

  it("meet a live parser: a misspelt key is reported", async () => {
    const parser = await loadActionParser();
    const content = (await read(".github/workflows/ci.yml")).replace("runs-on:", "runs_on:");
    const parsed = parser.parseWorkflow({ name: "broken.yml", content }, new parser.NoOperationTraceWriter());
    if (parsed.value) await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes GitHub's workflow parser", async (path) => {
    const parser = await loadActionParser();
    const parsed = parser.parseWorkflow(
      { name: path, content: await read(path) },
      new parser.NoOperationTraceWriter(),
    );
    if (parsed.value) await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    expect(parsed.value, path).toBeDefined();
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
  });
});
