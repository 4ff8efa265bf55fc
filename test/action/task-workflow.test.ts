import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { buildActionBundle, ROOT, SECRETS, startActionWorld, workspaceOf } from "./action-world.ts";
import { gitText } from "./world-helpers.ts";

let bundle: Awaited<ReturnType<typeof buildActionBundle>>;
let world: Awaited<ReturnType<typeof startActionWorld>>;
beforeAll(async () => {
  bundle = await buildActionBundle();
  world = await startActionWorld({
    bundle,
    workflowFile: await readFile(join(ROOT, "templates/workflows/foreman-task.yml"), "utf8"),
  });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await bundle?.cleanup();
});

it("runs templates/workflows/foreman-task.yml as users install it: App token, checkout, the Action under Node 24, PR", async () => {
  let workspace = "";
  const run = await world.dispatch("T1", 1, {
    script: ({ index, body }) => {
      if (index === 0) workspace = workspaceOf(body);
      if (index === 0) {
        return {
          blocks: [
            {
              type: "tool_use",
              name: "Write",
              input: {
                file_path: `${workspace}/src/power.js`,
                content: "export const power = (b, e) => b ** e;\n",
              },
            },
          ],
        };
      }
      if (index === 1) {
        return {
          blocks: [{ type: "tool_use", name: "Bash", input: { command: "npm test", description: "tests" } }],
        };
      }
      return { blocks: [{ type: "text", text: "Added power()." }] };
    },
  });
  for (const step of [
    "actions/create-github-app-token@v2",
    "actions/checkout@v4",
    "actions/setup-node@v4",
    "foreman-dev/foreman/action@v1",
  ]) {
    expect(run.log).toContain(`Run ${step}`);
  }
  expect(run.log).toContain("→ Bash: npm test");
  expect(run.exitCode, run.log).toBe(0);
  expect(run.log).not.toContain(SECRETS.anthropicKey);
  expect(run.log).not.toContain(SECRETS.githubToken);

  const branch = `foreman/${world.planNumber}/T1`;
  const { data: pulls } = await world.admin.pulls.list({ ...world.repo, state: "open" });
  const pull = pulls.find((candidate) => candidate.head.ref === branch);
  expect(pull?.body).toContain(`Closes #${world.children.get("T1")}`);
  // Pushed with the App's installation token: the commit's push started CI.
  const checks = await world.admin.checks.listForRef({ ...world.repo, ref: branch });
  expect(checks.data.check_runs.map((check) => check.name)).toContain("test");
  const report = await gitText(
    ["show", `${branch}:.foreman/reports/${world.planNumber}/T1.md`],
    world.gitDir,
  );
  expect(report).toMatch(/(ℹ|#) pass \d+/);
  expect(run.summary).toContain("T1 · Power function");
  const { data: comments } = await world.admin.issues.listComments({
    ...world.repo,
    issue_number: world.children.get("T1") ?? 0,
  });
  const markers = comments.flatMap((comment) => readMarkers(comment.body ?? ""));
  expect(markers).toContainEqual(
    expect.objectContaining({ kind: "attempt", attempt: 1, result: "success", pr: pull?.number }),
  );
}, 180_000);
