import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ScriptedTurn } from "@foreman/local-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { buildActionBundle, ROOT, startActionWorld, workspaceOf } from "./action-world.ts";

type World = Awaited<ReturnType<typeof startActionWorld>>;
let bundle: Awaited<ReturnType<typeof buildActionBundle>>;
let world: World;
beforeAll(async () => {
  bundle = await buildActionBundle();
  // The workflow users install, so the job's git talks to the local GitHub over HTTP as on GitHub.
  world = await startActionWorld({
    bundle,
    workflowFile: await readFile(join(ROOT, "templates/workflows/foreman-task.yml"), "utf8"),
  });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await bundle?.cleanup();
});

/**
 * The GitHub calls the Action makes on its way to a published attempt: reads, the push, the PR, the
 * record. (Not the fetches: the checkout step before the Action fetches first, and the local runner's
 * stand-in for actions/checkout does not retry as the real one does.)
 */
const OPERATIONS = [
  "issues/get",
  "issues/list-comments",
  "pulls/list",
  "git/receive-pack",
  "pulls/create",
  "issues/create-comment",
];

/** Writes the task's file, then says it is done. */
function writesDoc(task: string) {
  let workspace = "";
  return ({ index, body }: { index: number; body: unknown }): ScriptedTurn => {
    if (index === 0) {
      workspace = workspaceOf(body);
      return {
        blocks: [
          {
            type: "tool_use",
            name: "Write",
            input: { file_path: `${workspace}/docs/${task}.md`, content: `# ${task}\n` },
          },
        ],
      };
    }
    return { blocks: [{ type: "text", text: `Wrote docs/${task}.md.` }] };
  };
}

async function attemptComments(task: string) {
  const { data } = await world.admin.issues.listComments({
    ...world.repo,
    issue_number: world.children.get(task) ?? 0,
  });
  return data.filter((comment) =>
    readMarkers(comment.body ?? "").some((marker) => marker.kind === "attempt" && marker.attempt === 1),
  );
}

describe("the Action on a failing GitHub: the first request of every call it makes fails, and nothing is lost or doubled", () => {
  it.each([
    // A create that took effect is found by looking, never sent twice; a refused one is sent again.
    ["answered with a 5xx after taking effect", "T2", "api=applied5xx:1", /applied-50[02]/, 1],
    ["whose connection closes after taking effect", "T3", "api=appliedtimeout:1", /applied-timeout/, 1],
    ["refused with a secondary rate limit", "T4", "api=ratelimit:1", /secondary-rate-limit-4(03|29)/, 2],
  ])(
    "requests %s",
    async (_name, task, spec, faultKind, createsSent) => {
      const before = world.emulator.stats().requests.faulted;
      const sentBefore = world.emulator.stats().requests.byOperation;
      world.emulator.injectFaults(spec, { operations: OPERATIONS, limit: 1, seed: 11 });
      let run: Awaited<ReturnType<World["dispatch"]>>;
      try {
        run = await world.dispatch(task, 1, { script: writesDoc(task) });
      } finally {
        world.emulator.injectFaults(null);
      }
      const faulted = world.emulator.stats().requests.faulted;
      const injected = Object.entries(faulted).filter(([kind, count]) => count > (before[kind] ?? 0));
      expect(injected.map(([kind]) => kind).join(" ")).toMatch(faultKind);
      expect(injected.map(([kind]) => kind).join(" ")).toMatch(/git\/receive-pack/);

      expect(run.exitCode, run.log).toBe(0);
      const sent = world.emulator.stats().requests.byOperation;
      for (const operation of ["pulls/create", "issues/create-comment"])
        expect((sent[operation] ?? 0) - (sentBefore[operation] ?? 0), operation).toBe(createsSent);
      expect(run.log).toMatch(/sending it again|trying again/);

      const branch = `foreman/${world.planNumber}/${task}`;
      const { data: pulls } = await world.admin.pulls.list({
        ...world.repo,
        state: "all",
        head: `acme:${branch}`,
      });
      const ofBranch = pulls.filter((pull) => pull.head.ref === branch);
      expect(ofBranch, "one PR, however the create's answer went").toHaveLength(1);
      expect(ofBranch[0]?.body).toContain(`Closes #${world.children.get(task)}`);
      const { data: files } = await world.admin.pulls.listFiles({
        ...world.repo,
        pull_number: ofBranch[0]?.number ?? 0,
      });
      expect(files.map((file) => file.filename)).toContain(`docs/${task}.md`);

      const records = await attemptComments(task);
      expect(records, "one attempt record, however the comment's answer went").toHaveLength(1);
      expect(readMarkers(records[0]?.body ?? "")).toContainEqual(
        expect.objectContaining({ kind: "attempt", result: "success", pr: ofBranch[0]?.number }),
      );
    },
    180_000,
  );
});
