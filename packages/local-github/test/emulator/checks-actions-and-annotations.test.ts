import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import {
  clientFor,
  errorBodyOf,
  installationToken,
  pushFiles,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";
const BUTTONS = [
  { label: "Retry", description: "Run a new attempt of this task", identifier: "retry" },
  { label: "Skip", description: "Skip the task; dependents go ahead", identifier: "skip" },
];
const annotation = (line: number) => ({
  path: "src/calculator.js",
  start_line: line,
  end_line: line,
  start_column: 1,
  end_column: 4,
  annotation_level: "failure" as const,
  message: `problem on line ${line}`,
});

describe("check run buttons, annotations and re-requests", () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof clientFor>;
  let appOctokit: ReturnType<typeof clientFor>;
  let otherAppOctokit: ReturnType<typeof clientFor>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let otherReceiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gitDir: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    otherReceiver = await startWebhookReceiver("other");
    ({ emulator, octokit } = await startTestEmulator());
    const app = await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "secret" });
    const other = await emulator.createApp({
      webhookUrl: otherReceiver.url,
      webhookSecret: "other",
      slug: "lint",
    });
    appOctokit = clientFor(emulator, await installationToken(emulator, app));
    otherAppOctokit = clientFor(emulator, await installationToken(emulator, other));
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
    await emulator.addCollaborator("acme/demo", "reader", "read");
  });

  afterAll(async () => {
    await emulator.waitForIdle();
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await receiver.close();
    await otherReceiver.close();
  });

  it("keeps annotations appended over updates and lists them", async () => {
    const created = await appOctokit.checks.create({
      owner,
      repo,
      name: "foreman/verify",
      head_sha: "main",
      status: "in_progress",
      output: { title: "Checking", summary: "two so far", annotations: [annotation(1), annotation(2)] },
    });
    const updated = await appOctokit.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      output: { title: "Checked", summary: "three", annotations: [annotation(3)] },
    });
    expect(updated.data.output.annotations_count).toBe(3);
    const listed = await octokit.checks.listAnnotations({ owner, repo, check_run_id: created.data.id });
    expect(listed.data.map((item) => [item.start_line, item.message, item.annotation_level])).toEqual([
      [1, "problem on line 1", "failure"],
      [2, "problem on line 2", "failure"],
      [3, "problem on line 3", "failure"],
    ]);
    expect(listed.data[0]?.blob_href).toContain(`/blob/${created.data.head_sha}/src/calculator.js`);
    // More than 50 in one request is refused, as GitHub asks for further updates instead.
    const tooMany = Array.from({ length: 51 }, (_, index) => annotation(index + 1));
    expect(
      await statusOf(
        appOctokit.checks.update({
          owner,
          repo,
          check_run_id: created.data.id,
          output: { title: "x", summary: "x", annotations: tooMany },
        }),
      ),
    ).toBe(422);
    expect(await statusOf(octokit.checks.listAnnotations({ owner, repo, check_run_id: 1 }))).toBe(404);
  });

  it("refuses buttons GitHub would not show: more than three, or labels and identifiers over 20 characters", async () => {
    const base = { owner, repo, name: "foreman/verify", head_sha: "main" };
    const four = [
      ...BUTTONS,
      { label: "A", description: "a", identifier: "a" },
      { label: "B", description: "b", identifier: "b" },
    ];
    expect(await statusOf(appOctokit.checks.create({ ...base, actions: four }))).toBe(422);
    expect(
      await statusOf(
        appOctokit.checks.create({
          ...base,
          actions: [{ label: "A label far too long!", description: "d", identifier: "x" }],
        }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        appOctokit.checks.create({
          ...base,
          actions: [{ label: "Go", description: "d", identifier: "an-identifier-too-long" }],
        }),
      ),
    ).toBe(422);
  });

  it("sends a pressed button to the app that made the check run only, naming who pressed it", async () => {
    const created = await appOctokit.checks.create({
      owner,
      repo,
      name: "foreman/verify",
      head_sha: "main",
      status: "in_progress",
      actions: BUTTONS,
    });
    // GitHub shows the buttons once the check run completed.
    await expect(
      emulator.pressCheckRunAction({
        repository: "acme/demo",
        checkRunId: created.data.id,
        identifier: "retry",
        login: "reader",
      }),
    ).rejects.toThrow(/in_progress/);
    await appOctokit.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      conclusion: "failure",
      output: { title: "t1 failed", summary: "test failed" },
    });
    await expect(
      emulator.pressCheckRunAction({
        repository: "acme/demo",
        checkRunId: created.data.id,
        identifier: "merge",
        login: "reader",
      }),
    ).rejects.toThrow(/no button "merge"/);
    await emulator.pressCheckRunAction({
      repository: "acme/demo",
      checkRunId: created.data.id,
      identifier: "skip",
      login: "reader",
    });
    await emulator.waitForIdle();
    const pressed = receiver.ofEvent("check_run", "requested_action");
    expect(pressed).toHaveLength(1);
    expect(pressed[0]?.signatureValid).toBe(true);
    expect(
      z
        .object({
          requested_action: z.object({ identifier: z.string() }),
          sender: z.object({ login: z.string() }),
          check_run: z.object({ id: z.number(), name: z.string() }),
        })
        .parse(pressed[0]?.payload),
    ).toEqual({
      requested_action: { identifier: "skip" },
      sender: expect.objectContaining({ login: "reader" }),
      check_run: expect.objectContaining({ id: created.data.id, name: "foreman/verify" }),
    });
    expect(otherReceiver.ofEvent("check_run", "requested_action")).toHaveLength(0);
  });

  it("lets a person press a button over HTTP with their own token, as in GitHub's web UI, and no app", async () => {
    const created = await appOctokit.checks.create({
      owner,
      repo,
      name: "foreman/verify",
      head_sha: "main",
      conclusion: "failure",
      actions: BUTTONS,
    });
    const press = (token: string | null, body: unknown) =>
      fetch(`${emulator.url}/_emulator/repos/acme/demo/check-runs/${created.data.id}/press`, {
        method: "POST",
        headers: token === null ? {} : { authorization: `token ${token}` },
        body: JSON.stringify(body),
      });
    const before = receiver.ofEvent("check_run", "requested_action").length;
    expect((await press(emulator.userToken("reader"), { identifier: "retry" })).status).toBe(204);
    expect((await press(null, { identifier: "retry" })).status).toBe(401);
    const presser = await emulator.createApp({
      webhookUrl: otherReceiver.url,
      webhookSecret: "other",
      slug: "presser",
    });
    expect((await press(await installationToken(emulator, presser), { identifier: "retry" })).status).toBe(
      403,
    );
    const unknown = await press(emulator.userToken("reader"), { identifier: "merge" });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ message: expect.stringContaining('no button "merge"') });
    await emulator.waitForIdle();
    const pressed = receiver.ofEvent("check_run", "requested_action").slice(before);
    expect(pressed.map((delivery) => (delivery.payload.sender as { login: string }).login)).toEqual([
      "reader",
    ]);
  });

  it("re-requests a check: the local CI runs its check again, another app is asked to", async () => {
    const head = await pushFiles(gitDir, {
      branch: "feature/rerequest",
      files: { "src/extra.js": "export const extra = 1;\n" },
      message: "Add extra",
    });
    await octokit.pulls.create({ owner, repo, title: "Extra", head: "feature/rerequest", base: "main" });
    await emulator.waitForIdle();
    const ciRuns = async () =>
      (await octokit.checks.listForRef({ owner, repo, ref: head, check_name: "test", filter: "all" })).data
        .check_runs;
    const [ciRun] = await ciRuns();
    expect(ciRun).toMatchObject({ status: "completed", conclusion: "success" });
    expect((await appOctokit.checks.rerequestRun({ owner, repo, check_run_id: ciRun?.id ?? 0 })).status).toBe(
      201,
    );
    await emulator.waitForIdle();
    expect((await ciRuns()).map((run) => run.conclusion)).toEqual(["success", "success"]);

    const lint = await otherAppOctokit.checks.create({
      owner,
      repo,
      name: "lint",
      head_sha: head,
      conclusion: "failure",
    });
    // An app may re-request only its own checks; a person with write access any.
    expect(
      await errorBodyOf(appOctokit.checks.rerequestRun({ owner, repo, check_run_id: lint.data.id })),
    ).toMatchObject({ status: "403" });
    expect(
      await statusOf(
        clientFor(emulator, emulator.userToken("reader")).checks.rerequestRun({
          owner,
          repo,
          check_run_id: lint.data.id,
        }),
      ),
    ).toBe(403);
    expect((await octokit.checks.rerequestRun({ owner, repo, check_run_id: lint.data.id })).status).toBe(201);
    await emulator.waitForIdle();
    const asked = otherReceiver.ofEvent("check_run", "rerequested");
    expect(
      asked.map(
        (delivery) =>
          z.object({ check_run: z.object({ id: z.number() }) }).parse(delivery.payload).check_run.id,
      ),
    ).toEqual([lint.data.id]);
    expect(receiver.ofEvent("check_run", "rerequested")).toHaveLength(0);
    // A check still running cannot be re-requested.
    const running = await otherAppOctokit.checks.create({
      owner,
      repo,
      name: "slow",
      head_sha: head,
      status: "in_progress",
    });
    expect(await statusOf(octokit.checks.rerequestRun({ owner, repo, check_run_id: running.data.id }))).toBe(
      422,
    );
  });
});
