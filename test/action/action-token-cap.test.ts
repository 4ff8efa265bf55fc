import { afterAll, beforeAll, expect, it } from "vitest";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { buildActionBundle, parseOutputs, startActionWorld, workspaceOf } from "./action-world.ts";

let bundle: Awaited<ReturnType<typeof buildActionBundle>>;
let world: Awaited<ReturnType<typeof startActionWorld>>;
beforeAll(async () => {
  bundle = await buildActionBundle();
  world = await startActionWorld({ bundle });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await bundle?.cleanup();
});

it("stops the agent past its token cap before its next tool call, and fails the attempt with the tokens it used", async () => {
  let workspace = "";
  const run = await world.dispatch("T5", 1, {
    inputs: { "max-tokens": "5000" },
    script: ({ index, body }) => {
      if (index === 0) {
        workspace = workspaceOf(body);
        return {
          blocks: [
            {
              type: "tool_use",
              name: "Write",
              input: { file_path: `${workspace}/docs/T5.md`, content: "# T5\n" },
            },
          ],
          usage: { inputTokens: 3000, outputTokens: 400 },
        };
      }
      if (index === 1) {
        return {
          blocks: [{ type: "tool_use", name: "Bash", input: { command: "npm test", description: "tests" } }],
          usage: { inputTokens: 3600, outputTokens: 60 },
        };
      }
      return { blocks: [{ type: "text", text: "Done." }], usage: { inputTokens: 4000, outputTokens: 20 } };
    },
  });
  const outputs = parseOutputs(run.outputs);
  expect(run.exitCode).not.toBe(0);
  expect(outputs.result).toBe("failed");
  expect(outputs.reason).toMatch(/^ran past its token cap \(\d+ tokens, cap 5000\)$/);
  expect(Number(outputs["input-tokens"]) + Number(outputs["output-tokens"])).toBeGreaterThan(5000);
  expect(run.log).toMatch(/stopped: \d+ tokens used, the cap is 5000/);
  // The tests were never run: the agent was stopped before the tool call that followed the cap.
  expect(run.summary).toContain("token cap of 5000 tokens for this attempt is used up");
  expect(run.summary).not.toContain("TAP version");
  expect(run.requests?.length).toBe(2);

  const branch = `foreman/${world.planNumber}/T5`;
  const { data: pulls } = await world.admin.pulls.list({
    ...world.repo,
    state: "all",
    head: `acme:${branch}`,
  });
  expect(pulls.filter((pull) => pull.head.ref === branch)).toEqual([]);
  const { data: comments } = await world.admin.issues.listComments({
    ...world.repo,
    issue_number: world.children.get("T5") ?? 0,
  });
  const marker = comments
    .flatMap((comment) => readMarkers(comment.body ?? ""))
    .find((entry) => entry.kind === "attempt" && entry.attempt === 1);
  expect(marker).toMatchObject({
    kind: "attempt",
    result: "failed",
    input: Number(outputs["input-tokens"]),
    output: Number(outputs["output-tokens"]),
  });
  expect(run.summary).toContain("Token cap:");
}, 180_000);
