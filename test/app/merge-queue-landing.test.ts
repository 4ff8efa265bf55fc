import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foremanConfigSchema } from "../../src/core/config/config-schema.ts";
import { derivePlanView } from "../../src/core/plan/derive-plan-view.ts";
import { createOctokitEngineForge } from "../../src/github/create-octokit-engine-forge.ts";
import { createOctokitForge } from "../../src/github/create-octokit-forge.ts";
import type { EngineForge } from "../../src/github/engine-forge.ts";
import type { Forge } from "../../src/github/forge.ts";
import { loadEngineReads } from "../../src/github/load-engine-reads.ts";
import { loadPlan } from "../../src/shell/load-plan.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { installationToken } from "../action/world-helpers.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

const repo = { owner: OWNER, repo: "demo" };
const CONFIG = { ok: true as const, config: foremanConfigSchema.parse({}) };

/**
 * The engine's landing in a repository whose main requires a merge queue (and `foreman/verify`): the
 * merge button refuses, the engine enqueues through `merge-async`, the queue builds a merge group and
 * asks for checks, and the engine's reads find the group's head so `foreman/verify` can be reported
 * there — after which the queue merges.
 */
describe("landing through a merge queue", () => {
  let harness: Harness;
  let plan: number;
  let forge: Forge;
  let engine: EngineForge;
  let pull: { number: number; headSha: string };

  beforeAll(async () => {
    harness = await startHarness();
    plan = await harness.openPlan(EXAMPLE_PLAN);
    harness.emulator.enableMergeQueue("acme/demo", "main");
    harness.emulator.setRequiredChecks("acme/demo", "main", ["test", "foreman/verify"]);
    const octokit = createPatientOctokit(
      harness.emulator.url,
      await installationToken(harness.emulator, harness.app),
    );
    const request = (route: string, parameters?: Record<string, unknown>) =>
      octokit.request(route, parameters);
    const selfLogin = `${harness.app.slug}[bot]`;
    forge = createOctokitForge({ request, owner: OWNER, repo: "demo", selfLogin });
    engine = createOctokitEngineForge({ request, owner: OWNER, repo: "demo", selfLogin });
    const main = await harness.admin.rest.repos.getBranch({ ...repo, branch: "main" });
    const branch = `foreman/${plan}/T1`;
    await engine.commitFile({
      branch,
      baseSha: main.data.commit.sha,
      path: "src/t1.js",
      content: "export const t1 = 1;\n",
      message: "T1",
    });
    const opened = await engine.openPull({ branch, base: "main", title: "T1", body: "T1's work" });
    pull = { number: opened.number, headSha: opened.headSha };
    await harness.app.settle();
    await harness.emulator.waitForIdle();
  });
  afterAll(async () => {
    expect(harness.emulator.violations()).toEqual([]);
    await harness.close();
  });

  const engineReads = async () => {
    const loaded = await loadPlan(forge, CONFIG, plan);
    if (!loaded) throw new Error("the plan is gone");
    const view = derivePlanView(loaded.snapshot, loaded.document);
    return (
      await loadEngineReads(forge, engine, {
        snapshot: loaded.snapshot,
        view,
        workflow: "foreman-task.yml",
        appId: harness.app.appId,
      })
    ).reads;
  };

  it("reads that main requires a merge queue, and finds no merge group before the PR is queued", async () => {
    const loaded = await loadPlan(forge, CONFIG, plan);
    expect(loaded?.snapshot.requiredChecks).toMatchObject({ mergeQueue: true });
    expect((await engineReads()).mergeGroupHeads).toEqual([]);
  });

  it("enqueues when the merge button refuses, and finds the merge group's head awaiting foreman/verify", async () => {
    expect(await engine.mergePull(pull.number, pull.headSha, "squash")).toEqual({ kind: "enqueued" });
    await harness.app.settle();
    await harness.emulator.waitForIdle();
    const group = harness.emulator
      .deliveries()
      .find((delivery) => delivery.event === "merge_group" && delivery.action === "checks_requested");
    const head = (group?.payload as { merge_group?: { head_sha?: string } } | undefined)?.merge_group
      ?.head_sha;
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect((await engineReads()).mergeGroupHeads).toEqual([head]);
    expect((await harness.admin.rest.pulls.get({ ...repo, pull_number: pull.number })).data.merged).toBe(
      false,
    );

    // What decideVerification writes for a merge group head: the queue then merges.
    await engine.publishCheckRun(null, {
      name: "foreman/verify",
      headSha: head ?? "",
      status: "completed",
      conclusion: "success",
      title: "Verified before it joined the merge queue",
      summary: "The merge queue's own required checks decide here.",
      actions: [],
    });
    await harness.app.settle();
    await harness.emulator.waitForIdle();
    const merged = await harness.admin.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(merged.data).toMatchObject({ merged: true, merge_commit_sha: head });
    expect((await engineReads()).mergeGroupHeads).toEqual([]);
  });
});
