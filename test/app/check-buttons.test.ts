import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { installationToken } from "../action/world-helpers.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

const repo = { owner: OWNER, repo: "demo" };
const BUTTONS = [
  { label: "Retry", description: "Run a new attempt of this task", identifier: "retry" },
  { label: "Skip", description: "Skip the task; dependents go ahead", identifier: "skip" },
];

describe("foreman/verify's Retry and Skip buttons", () => {
  let harness: Harness;
  let plan: number;
  let pullNumber: number;
  let verifyId: number;

  beforeAll(async () => {
    harness = await startHarness();
    plan = await harness.openPlan(EXAMPLE_PLAN);
    // A task PR on T1's branch, and a failed `foreman/verify` on its head published by Foreman itself.
    const { admin } = harness;
    const main = await admin.rest.repos.getBranch({ ...repo, branch: "main" });
    const branch = `foreman/${plan}/T1`;
    await admin.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.data.commit.sha });
    await admin.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "src/t1.js",
      branch,
      message: "T1",
      content: Buffer.from("export const t1 = 1;\n").toString("base64"),
    });
    const pull = await harness
      .as("alice")
      .rest.pulls.create({ ...repo, title: "T1", head: branch, base: "main" });
    pullNumber = pull.data.number;
    const foreman = createPatientOctokit(
      harness.emulator.url,
      await installationToken(harness.emulator, harness.app),
    );
    const verify = await foreman.rest.checks.create({
      ...repo,
      name: "foreman/verify",
      head_sha: pull.data.head.sha,
      conclusion: "failure",
      output: { title: "T1: test failed", summary: "test failed" },
      actions: BUTTONS,
    });
    verifyId = verify.data.id;
    await harness.app.settle();
  });
  afterAll(async () => harness.close());

  const press = async (identifier: string, login: string, checkRunId = verifyId) => {
    await harness.emulator.pressCheckRunAction({ repository: "acme/demo", checkRunId, identifier, login });
    await harness.app.settle();
  };
  const answers = async (login: string, identifier: string) => {
    const comments = await harness.admin.paginate(harness.admin.rest.issues.listComments, {
      ...repo,
      issue_number: pullNumber,
      per_page: 100,
    });
    return comments
      .filter((comment) =>
        readMarkers(comment.body ?? "").some(
          (marker) =>
            marker.kind === "button" &&
            marker.check === verifyId &&
            marker.action === identifier &&
            marker.by === login,
        ),
      )
      .map((comment) => ({ author: comment.user?.login, body: comment.body ?? "" }));
  };
  const t1 = async () => (await harness.readPlan(plan)).issues.find((issue) => issue.task === "T1");

  it("refuses a reader once, however often they press, and changes nothing", async () => {
    const before = await t1();
    await press("skip", "bob");
    await press("skip", "bob");
    const refusals = await answers("bob", "skip");
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.author).toBe(`${harness.app.slug}[bot]`);
    expect(refusals[0]?.body).toContain(
      "@bob sorry, only people with write access to this repository can use the **Skip** button.",
    );
    expect(await t1()).toEqual(before);
    await press("retry", "tim");
    expect((await answers("tim", "retry"))[0]?.body).toContain("sorry, only people with write access");
  });

  it("skips the task for a writer, as `/foreman skip T1` does, and Retry brings it back", async () => {
    await press("skip", "alice");
    expect(await t1()).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect((await answers("alice", "skip"))[0]?.body).toContain("@alice **Skip** pressed: skipping T1.");
    await press("retry", "alice");
    expect(await t1()).toMatchObject({ state: "open" });
    expect(await answers("alice", "retry")).toHaveLength(1);
  });

  it("ignores buttons of other check runs", async () => {
    const foreman = createPatientOctokit(
      harness.emulator.url,
      await installationToken(harness.emulator, harness.app),
    );
    const { data: pull } = await harness.admin.rest.pulls.get({ ...repo, pull_number: pullNumber });
    const other = await foreman.rest.checks.create({
      ...repo,
      name: "something-else",
      head_sha: pull.head.sha,
      conclusion: "neutral",
      actions: BUTTONS,
    });
    const before = await harness.readPlan(plan);
    await press("skip", "alice", other.data.id);
    expect(await harness.readPlan(plan)).toEqual(before);
  });
});
