import { describe, expect, it } from "vitest";
import { type VerifyRequest, verifyTask } from "../../../src/core/engine/verify-task.ts";
import { APP_ID, BASE_SHA, checkRun, pull, status } from "./engine-fixtures.ts";

const TEST = { context: "test", integrationId: null };
const request = (fields: Partial<VerifyRequest> = {}): VerifyRequest => ({
  pull: pull(),
  checkRuns: [checkRun()],
  statuses: [],
  required: [TEST],
  base: { sha: BASE_SHA, checkRuns: [], statuses: [] },
  protectedPaths: [".github/**", "CODEOWNERS"],
  rerunFailedChecks: 1,
  rerunRefused: [],
  appId: APP_ID,
  ...fields,
});

describe("verifyTask", () => {
  it.each<[string, Partial<VerifyRequest>, string, unknown]>([
    ["a green required check", {}, "verified", undefined],
    [
      "neutral counts as GitHub counts it",
      { checkRuns: [checkRun({ conclusion: "neutral" })] },
      "verified",
      undefined,
    ],
    [
      "skipped counts as GitHub counts it",
      { checkRuns: [checkRun({ conclusion: "skipped" })] },
      "verified",
      undefined,
    ],
    [
      "a running check",
      { checkRuns: [checkRun({ status: "in_progress", conclusion: null })] },
      "pending",
      { waitingFor: ["test"] },
    ],
    ["a missing required check", { checkRuns: [] }, "pending", { waitingFor: ["test"] }],
    [
      "a failure with a re-run left",
      { checkRuns: [checkRun({ conclusion: "failure" })] },
      "pending",
      { waitingFor: ["test"] },
    ],
    [
      "a failure after its re-run",
      {
        checkRuns: [
          checkRun({ id: 1, conclusion: "failure" }),
          checkRun({ id: 2, conclusion: "failure", startedAt: "2026-12-01T09:20:00Z" }),
        ],
      },
      "failed",
      undefined,
    ],
    [
      "a failure with re-runs off",
      { checkRuns: [checkRun({ conclusion: "timed_out" })], rerunFailedChecks: 0 },
      "failed",
      undefined,
    ],
    [
      "the latest run of a name decides (a re-run went green)",
      {
        checkRuns: [
          checkRun({ id: 1, conclusion: "failure" }),
          checkRun({ id: 2, startedAt: "2026-12-01T09:20:00Z" }),
        ],
      },
      "verified",
      undefined,
    ],
    [
      "action_required is not passing",
      { checkRuns: [checkRun({ conclusion: "action_required" })], rerunFailedChecks: 0 },
      "failed",
      undefined,
    ],
    [
      "stale is not passing",
      { checkRuns: [checkRun({ conclusion: "stale" })], rerunFailedChecks: 0 },
      "failed",
      undefined,
    ],
    [
      "a commit status satisfies a context",
      { required: [{ context: "ci/legacy", integrationId: null }], checkRuns: [], statuses: [status()] },
      "verified",
      undefined,
    ],
    [
      "the latest status per context decides",
      {
        required: [{ context: "ci/legacy", integrationId: null }],
        checkRuns: [],
        statuses: [
          status({ state: "failure", updatedAt: "2026-12-01T09:00:00Z" }),
          status({ state: "success" }),
        ],
      },
      "verified",
      undefined,
    ],
    [
      "a failed check GitHub refused to re-run counts as it ended",
      { checkRuns: [checkRun({ id: 5, conclusion: "failure" })], rerunRefused: [5] },
      "failed",
      undefined,
    ],
    [
      "a failed status is never re-run",
      {
        required: [{ context: "ci/legacy", integrationId: null }],
        checkRuns: [],
        statuses: [status({ state: "error" })],
      },
      "failed",
      undefined,
    ],
    [
      "check and status of one name are both required",
      { checkRuns: [checkRun()], statuses: [status({ context: "test", state: "failure" })] },
      "failed",
      undefined,
    ],
    [
      "a check pinned to an app ignores other apps' runs",
      { required: [{ context: "test", integrationId: 42 }], checkRuns: [checkRun({ appId: 99 })] },
      "pending",
      { waitingFor: ["test"] },
    ],
    [
      "a check pinned to an app ignores statuses",
      {
        required: [{ context: "test", integrationId: 42 }],
        checkRuns: [],
        statuses: [status({ context: "test" })],
      },
      "pending",
      { waitingFor: ["test"] },
    ],
    [
      "a check pinned to an app counts its run",
      { required: [{ context: "test", integrationId: 42 }], checkRuns: [checkRun({ appId: 42 })] },
      "verified",
      undefined,
    ],
    ["no required checks", { required: [] }, "never", { reason: { kind: "no-required-checks" } }],
    [
      "a protected path",
      { pull: pull({ changedFiles: ["src/a.ts", ".github/workflows/ci.yml"] }) },
      "never",
      { reason: { kind: "protected-path", paths: [".github/workflows/ci.yml"] } },
    ],
    [
      "the Foreman config is always protected",
      { pull: pull({ changedFiles: [".github/foreman.yml"] }), protectedPaths: [] },
      "never",
      { reason: { kind: "protected-path", paths: [".github/foreman.yml"] } },
    ],
    [
      "CODEOWNERS in a subdirectory",
      { pull: pull({ changedFiles: ["docs/CODEOWNERS"] }) },
      "never",
      { reason: { kind: "protected-path", paths: ["docs/CODEOWNERS"] } },
    ],
    [
      "checks that ran on another head",
      { checkRuns: [checkRun({ headSha: "older" })] },
      "never",
      { reason: { kind: "head-moved", checkedSha: "older" } },
    ],
    [
      "changed files not read yet",
      { pull: pull({ changedFiles: null }) },
      "pending",
      { waitingFor: ["the list of changed files"] },
    ],
    [
      "Foreman's own check is not evidence",
      {
        checkRuns: [checkRun({ name: "foreman/verify", appId: APP_ID })],
        required: [{ context: "foreman/verify", integrationId: null }, TEST],
      },
      "pending",
      undefined,
    ],
  ])("%s → %s", (_, fields, kind, extra) => {
    const verdict = verifyTask(request(fields));
    expect(verdict.kind).toBe(kind);
    if (extra) expect(verdict).toMatchObject(extra as object);
  });

  it("marks a failure that also fails on the base head as pre-existing, and does not re-run it", () => {
    const verdict = verifyTask(
      request({
        checkRuns: [checkRun({ conclusion: "failure" })],
        base: {
          sha: BASE_SHA,
          checkRuns: [checkRun({ headSha: BASE_SHA, conclusion: "failure" })],
          statuses: [],
        },
      }),
    );
    expect(verdict).toMatchObject({
      kind: "failed",
      failures: [{ context: "test", preExisting: true, rerunsLeft: 0 }],
    });
  });

  it("gives each required check's evidence with its link and summary", () => {
    const verdict = verifyTask(
      request({
        checkRuns: [checkRun({ conclusion: "failure", title: "2 failed", summary: "expected 1" })],
        rerunFailedChecks: 0,
      }),
    );
    expect(verdict).toMatchObject({
      kind: "failed",
      failures: [
        {
          context: "test",
          source: "check-run",
          url: "https://github.com/acme/demo/runs/500",
          title: "2 failed",
          summary: "expected 1",
          preExisting: false,
        },
      ],
    });
  });
});
