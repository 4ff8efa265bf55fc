import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../../../src/core/commands/foreman-command.ts";
import { renderVerifyCheck } from "../../../src/core/engine/render-verify-check.ts";
import type { CheckEvidence, VerifyVerdict } from "../../../src/core/engine/verify-task.ts";

const HEAD = "a".repeat(40);
const evidence = (fields: Partial<CheckEvidence>): CheckEvidence => ({
  context: "test",
  source: "check-run",
  state: "failure",
  conclusion: "failure",
  url: null,
  title: null,
  summary: null,
  checkRunId: 7,
  rerunsLeft: 0,
  preExisting: false,
  ...fields,
});
const failed = evidence({});
const VERDICTS: VerifyVerdict[] = [
  { head: HEAD, checks: [evidence({ state: "success", conclusion: "success" })], kind: "verified" },
  {
    head: HEAD,
    checks: [evidence({ state: "pending", conclusion: null })],
    kind: "pending",
    waitingFor: ["test"],
  },
  { head: HEAD, checks: [failed], kind: "failed", failures: [failed] },
  {
    head: HEAD,
    checks: [evidence({ preExisting: true })],
    kind: "failed",
    failures: [evidence({ preExisting: true })],
  },
  { head: HEAD, checks: [], kind: "never", reason: { kind: "protected-path", paths: [".github/x.yml"] } },
  { head: HEAD, checks: [], kind: "never", reason: { kind: "no-required-checks" } },
  { head: HEAD, checks: [], kind: "never", reason: { kind: "head-moved", checkedSha: "b".repeat(40) } },
];

describe("foreman/verify's buttons", () => {
  it.each(VERDICTS.map((verdict) => [verdict.kind, verdict] as const))(
    "stay within GitHub's limits for a %s verdict, and each names a command the app carries out",
    (_, verdict) => {
      const { actions } = renderVerifyCheck({
        task: "T1",
        verdict,
        acceptance: ["works"],
        base: { ref: "main", sha: "c".repeat(40) },
      });
      expect(actions.length).toBeLessThanOrEqual(3);
      for (const action of actions) {
        expect(action.identifier.length).toBeLessThanOrEqual(20);
        expect(action.label.length).toBeLessThanOrEqual(20);
        expect(action.description.length).toBeLessThanOrEqual(40);
        expect(COMMAND_NAMES).toContain(action.identifier);
      }
      expect(new Set(actions.map((action) => action.identifier)).size).toBe(actions.length);
    },
  );

  it("offers Retry and Skip on a failed verdict", () => {
    const { actions, status } = renderVerifyCheck({
      task: "T1",
      verdict: { head: HEAD, checks: [failed], kind: "failed", failures: [failed] },
      acceptance: [],
      base: { ref: "main", sha: "c".repeat(40) },
    });
    // GitHub shows buttons once the check run completed.
    expect(status).toBe("completed");
    expect(actions.map((action) => action.identifier)).toEqual(["retry", "skip"]);
  });
});
