import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { demoRepositoryFiles } from "../../src/seed/demo-repository-files.ts";
import { loadWorkflowParser } from "./load-workflow-parser.ts";

async function validateWorkflow(name: string, content: string) {
  const parser = await loadWorkflowParser();
  const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const root = parsed.value;
  if (!root) throw new Error(`${name} did not parse: ${parsed.context.errors.getErrors().join("; ")}`);
  const template = await parser.convertWorkflowTemplate(parsed.context, root);
  return { errors: parsed.context.errors.getErrors().map((error) => error.message), template };
}

describe("demoRepositoryFiles", () => {
  const files = demoRepositoryFiles("acme/demo");

  it("is a small Node project whose test script is node --test, without a Foreman config", () => {
    expect(Object.keys(files).sort()).toEqual([
      ".github/workflows/foreman-task.yml",
      ".gitignore",
      "README.md",
      "package.json",
      "src/calculator.js",
      "test/calculator.test.js",
    ]);
    expect(files[".github/foreman.yml"]).toBeUndefined();
    const manifest: unknown = JSON.parse(files["package.json"] ?? "");
    expect(manifest).toMatchObject({ name: "demo", type: "module", scripts: { test: "node --test" } });
    expect(files["README.md"]).toMatch(/^# acme\/demo\n/);
    expect(files["README.md"]).toContain("Foreman demo repository");
    expect(files["test/calculator.test.js"]).toContain('from "node:test"');
  });

  it("has a task workflow GitHub accepts: dispatch inputs, permissions, and the Foreman action step", async () => {
    const content = files[".github/workflows/foreman-task.yml"] ?? "";
    const { errors, template } = await validateWorkflow("foreman-task.yml", content);
    expect(errors).toEqual([]);
    expect(template.jobs.map((job) => job.id.value)).toEqual(["task"]);

    const workflow = parseYaml(content);
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(["plan", "task", "attempt"]);
    expect(workflow.permissions).toEqual({ contents: "write", "pull-requests": "write", issues: "write" });
    const steps = workflow.jobs.task.steps;
    expect(steps[0].uses).toMatch(/^actions\/checkout@/);
    expect(steps[1]).toEqual({
      uses: "foreman-dev/foreman/action@v1",
      with: {
        plan: `\${{ inputs.plan }}`,
        task: `\${{ inputs.task }}`,
        attempt: `\${{ inputs.attempt }}`,
        anthropic_api_key: `\${{ secrets.ANTHROPIC_API_KEY }}`,
      },
    });
  });

  it("is caught by the same validation when a workflow is broken", async () => {
    const broken = (files[".github/workflows/foreman-task.yml"] ?? "").replace("runs-on:", "runs-onn:");
    const { errors } = await validateWorkflow("foreman-task.yml", broken);
    expect(errors.join("\n")).toMatch(/runs-onn/);
  });

  it("names the package after the repository, in npm's alphabet", () => {
    expect(JSON.parse(demoRepositoryFiles("Acme/My Demo!")["package.json"] ?? "").name).toBe("my-demo");
    expect(JSON.parse(demoRepositoryFiles("acme/!!!")["package.json"] ?? "").name).toBe("foreman-demo");
  });
});
