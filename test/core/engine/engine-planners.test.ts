import { describe, expect, it } from "vitest";
import { decideBudget } from "../../../src/core/engine/decide-budget.ts";
import { decideFinish } from "../../../src/core/engine/decide-finish.ts";
import { decideLanding } from "../../../src/core/engine/decide-landing.ts";
import { decideRetries } from "../../../src/core/engine/decide-retries.ts";
import { decideVerification } from "../../../src/core/engine/decide-verification.ts";
import { deriveEngineView } from "../../../src/core/engine/derive-engine-view.ts";
import type { EngineInput, EngineTask, TaskRecord } from "../../../src/core/engine/engine-input.ts";
import type { EngineRound } from "../../../src/core/engine/engine-round.ts";
import type { EngineWrite } from "../../../src/core/engine/engine-write.ts";
import { formatTimestamp } from "../../../src/core/engine/format-timestamp.ts";
import {
  APP_ID,
  attemptRecord,
  BASE_SHA,
  checkRun,
  engineConfig,
  engineInput,
  engineTask,
  NOW,
  pull,
  workflowRun,
} from "./engine-fixtures.ts";

const round = (input: EngineInput): EngineRound => ({ input, view: deriveEngineView(input) });
const kinds = (writes: EngineWrite[]) => writes.map((write) => write.kind);
const dispatch = (attempt: number, run: number): TaskRecord => ({
  kind: "dispatch",
  id: 70 + attempt,
  url: "",
  updatedAt: "2026-12-01T09:00:00Z",
  attempt,
  run,
});
const feedback = (attempt: number, head: string, failures = "sig"): TaskRecord => ({
  kind: "feedback",
  id: 80 + attempt,
  url: `https://github.com/acme/demo/issues/11#issuecomment-${80 + attempt}`,
  updatedAt: "2026-12-01T09:30:00Z",
  attempt,
  head,
  failures,
});
/** A task whose attempt `n` ran green and left a PR with head `head` and the given check runs. */
function afterJob(
  n: number,
  head: string,
  checks: ReturnType<typeof checkRun>[],
  fields: Partial<EngineTask> = {},
): EngineTask {
  const runs = Array.from({ length: n }, (_, index) =>
    workflowRun({ id: 900 + index + 1, displayTitle: `Foreman: plan #1, task T1, attempt ${index + 1}` }),
  );
  return engineTask("T1", {
    records: [
      ...Array.from({ length: n }, (_, index) => dispatch(index + 1, 900 + index + 1)),
      ...(fields.records ?? []),
    ],
    facts: {
      ...engineTask("T1").facts,
      runs,
      pulls: [pull({ headSha: head })],
      checkRuns: checks.map((check) => ({ ...check, headSha: head })),
    },
    branchExists: true,
    ...(fields.retryFrom === undefined ? {} : { retryFrom: fields.retryFrom }),
    ...(fields.child === undefined ? {} : { child: fields.child }),
  });
}
const failed = (id = 500) =>
  checkRun({ id, conclusion: "failure", title: "1 failed", summary: "expected 2, got 3" });

describe("decideVerification", () => {
  it("publishes foreman/verify with a row per required check and the acceptance criteria", () => {
    const task = { ...afterJob(1, "abc1234", [checkRun()]), acceptance: ["returns 200 for @admin <b>"] };
    const [write] = decideVerification(round(engineInput([task])));
    expect(write).toMatchObject({
      kind: "publish-check",
      headSha: "abc1234",
      name: "foreman/verify",
      status: "completed",
      conclusion: "success",
      checkRunId: null,
    });
    const summary = write?.kind === "publish-check" ? write.summary : "";
    expect(summary).toContain("| ✅ [`test`](https://github.com/acme/demo/runs/500) | check-run | success |");
    expect(summary).toContain(
      "- [x] returns 200 for @\u200dadmin &lt;b&gt; — required checks green on abc1234",
    );
  });

  it("leaves an identical foreman/verify alone and updates a stale one", () => {
    const first = decideVerification(round(engineInput([afterJob(1, "h", [checkRun()])])))[0];
    if (first?.kind !== "publish-check") throw new Error("expected a check");
    const own = checkRun({
      id: 42,
      name: "foreman/verify",
      appId: APP_ID,
      status: first.status,
      conclusion: first.conclusion,
      title: first.title,
      summary: first.summary,
    });
    expect(decideVerification(round(engineInput([afterJob(1, "h", [checkRun(), own])])))).toEqual([]);
    const stale = { ...own, conclusion: "failure" as const };
    expect(decideVerification(round(engineInput([afterJob(1, "h", [checkRun(), stale])])))[0]).toMatchObject({
      checkRunId: 42,
      conclusion: "success",
    });
  });

  it("re-runs a failed required check once before it counts, with Retry and Skip offered after", () => {
    const once = decideVerification(round(engineInput([afterJob(1, "h", [failed()])])));
    expect(kinds(once)).toEqual(["publish-check", "rerun-check"]);
    expect(once[1]).toMatchObject({ checkRunId: 500 });
    const twice = decideVerification(round(engineInput([afterJob(1, "h", [failed(1), failed(2)])])));
    expect(kinds(twice)).toEqual(["publish-check"]);
    expect(twice[0]).toMatchObject({
      conclusion: "failure",
      actions: [{ identifier: "retry" }, { identifier: "skip" }],
    });
  });

  it("calls a failure that main shares pre-existing, without a re-run", () => {
    const input = engineInput([afterJob(1, "h", [failed()])], {
      base: {
        ref: "main",
        sha: BASE_SHA,
        checkRuns: [checkRun({ headSha: BASE_SHA, conclusion: "failure" })],
        statuses: [],
      },
    });
    const writes = decideVerification(round(input));
    expect(kinds(writes)).toEqual(["publish-check"]);
    expect(writes[0]).toMatchObject({
      status: "in_progress",
      title: expect.stringMatching(/^main is red: test fails on main@base000 too/),
    });
    expect(decideRetries(round(input))).toEqual([]);
  });

  it("says once when the base requires no checks", () => {
    const none = { checks: [], strict: false, source: "none" as const };
    const writes = decideVerification(round(engineInput([afterJob(1, "h", [])], { requiredChecks: none })));
    expect(
      writes.map((write) => write.kind === "create-comment" && write.body.includes("requires no checks")),
    ).toContain(true);
  });
});

describe("decideRetries", () => {
  it("posts the failure as feedback for the next attempt, with the head and signature in its marker", () => {
    const task = afterJob(1, "h1", [failed(1), failed(2)]);
    const writes = decideRetries(
      round(
        engineInput([
          {
            ...task,
            checkDetails: {
              2: {
                annotations: [{ path: "src/a.ts", line: 3, message: "boom" }],
                logTail: "<!-- foreman:attempt -->\nFAIL a.test.ts",
              },
            },
          },
        ]),
      ),
    );
    expect(kinds(writes)).toEqual(["post-record"]);
    const body = writes[0]?.kind === "post-record" ? writes[0].body : "";
    expect(body).toContain("attempt 1 failed — required checks failed: `test`.");
    expect(body).toContain("> expected 2, got 3");
    expect(body).toContain("- `src/a.ts:3`: boom");
    expect(body).toMatch(/<!-- foreman:feedback plan=1 task=T1 attempt=1 head=h1 failures=[0-9a-f]{12} -->/);
    expect(body).not.toContain("<!-- foreman:attempt");
  });

  it("calls the plan's author in after maxAttempts, once, with the commands to go on", () => {
    const task = afterJob(3, "h3", [failed(1), failed(2)], {
      records: [feedback(1, "h1", "a"), feedback(2, "h2", "b"), feedback(3, "h3", "c")],
    });
    const writes = decideRetries(round(engineInput([task])));
    expect(kinds(writes)).toEqual(["add-labels", "post-record"]);
    const body = writes[1]?.kind === "post-record" ? writes[1].body : "";
    expect(body).toContain("@alice — **T1** needs you: all 3 attempts failed");
    expect(body).toContain("`/foreman retry T1`");
    expect(body).toContain("`/foreman skip T1`");
  });

  it("stops early when an attempt made no progress: the head the previous attempt left", () => {
    const task = afterJob(2, "h1", [failed(1), failed(2)], {
      records: [feedback(1, "h1"), feedback(2, "h1")],
    });
    const writes = decideRetries(round(engineInput([task])));
    expect(writes[1]?.kind === "post-record" && writes[1].body).toContain("made no progress");
  });

  it("calls a person in once a task's attempts used its budget, in dollars or in tokens", () => {
    const attempt = (cost: number, tokens: number) =>
      attemptRecord({
        id: 60,
        updatedAt: "2026-12-01T09:20:00Z",
        run: 901,
        head: "h1",
        turns: 3,
        tokens,
        cost,
      });
    const budget = { perTaskUsd: 1, perPlanUsd: null, perTaskTokens: 50_000, perPlanTokens: null };
    const retries = (record: TaskRecord) => {
      const task = afterJob(1, "h1", [failed(1), failed(2)], { records: [record, feedback(1, "h1")] });
      return decideRetries(round(engineInput([task], { config: engineConfig({ budget }) })));
    };
    const escalation = (writes: EngineWrite[]) => (writes[1]?.kind === "post-record" ? writes[1].body : "");
    const overDollars = retries(attempt(1.2, 100));
    expect(kinds(overDollars)).toEqual(["add-labels", "post-record"]);
    expect(escalation(overDollars)).toContain(
      "its attempts cost $1.20, the task budget is $1.00 (`budget.perTaskUsd` in `.github/foreman.yml`)",
    );
    expect(escalation(retries(attempt(0.1, 60_000)))).toContain(
      "its attempts used 60000 tokens, the task budget is 50000 (`budget.perTaskTokens` in `.github/foreman.yml`)",
    );
    expect(retries(attempt(0.1, 100))).toEqual([]);
  });

  it("lets a new attempt start after /foreman retry forgave the earlier ones", () => {
    const task = afterJob(3, "h3", [failed(1), failed(2)], { records: [feedback(3, "h3")], retryFrom: 3 });
    expect(decideRetries(round(engineInput([task])))).toEqual([]);
  });

  it("cancels a job running past the attempt timeout", () => {
    const task = engineTask("T1", {
      records: [dispatch(1, 900)],
      facts: {
        ...engineTask("T1").facts,
        runs: [
          workflowRun({
            status: "in_progress",
            conclusion: null,
            startedAt: formatTimestamp(NOW - 61 * 60_000),
          }),
        ],
      },
    });
    expect(decideRetries(round(engineInput([task])))).toEqual([
      { kind: "cancel-run", taskId: "T1", runId: 900 },
    ]);
  });
});

describe("decideLanding", () => {
  it("merges the verified head with squash by default", () => {
    expect(decideLanding(round(engineInput([afterJob(1, "h1", [checkRun()])])))).toEqual([
      { kind: "merge-pull", taskId: "T1", pull: 100, sha: "h1", method: "squash" },
    ]);
  });

  it("waits for a writer's approval under merge: review", () => {
    const input = (reviews: EngineTask["facts"]["reviews"]) => {
      const task = afterJob(1, "h1", [checkRun()]);
      return engineInput([{ ...task, facts: { ...task.facts, reviews } }], {
        config: engineConfig({ merge: "review" }),
      });
    };
    const review = (author: string) => ({
      id: 1,
      author,
      state: "APPROVED" as const,
      commitId: "h1",
      submittedAt: "2026-12-01T09:50:00Z",
      body: "",
    });
    expect(decideLanding(round(input([])))).toEqual([]);
    expect(decideLanding(round(input([review("mallory")])))).toEqual([]);
    expect(kinds(decideLanding(round(input([review("bob")]))))).toEqual(["merge-pull"]);
  });

  it("brings a behind PR up to date first when the base wants up-to-date branches", () => {
    const input = engineInput([afterJob(1, "h1", [checkRun()])], {
      requiredChecks: {
        checks: [{ context: "test", integrationId: null }],
        strict: true,
        source: "rulesets",
      },
      base: { ref: "main", sha: "newer", checkRuns: [], statuses: [] },
    });
    expect(decideLanding(round(input))).toEqual([
      { kind: "update-branch", taskId: "T1", pull: 100, headSha: "h1" },
    ]);
  });

  it("deletes the branch once merged (the plan's state projection closes the child)", () => {
    const task = afterJob(1, "h1", [checkRun()]);
    const done = {
      ...task,
      facts: { ...task.facts, pulls: [pull({ headSha: "h1", state: "closed", merged: true })] },
    };
    expect(decideLanding(round(engineInput([done])))).toEqual([
      { kind: "delete-branch", taskId: "T1", branch: "foreman/1/T1" },
    ]);
  });
});

describe("decideFinish and decideBudget", () => {
  const mergedTask = (id: string) => {
    const base = afterJob(1, `h${id}`, [checkRun()]);
    return {
      ...base,
      id,
      child: {
        ...(base.child as NonNullable<EngineTask["child"]>),
        state: "closed" as const,
        stateReason: "completed" as const,
      },
      branchExists: false,
      facts: {
        ...base.facts,
        branch: `foreman/1/${id}`,
        pulls: [pull({ headSha: `h${id}`, state: "closed", merged: true, mergeSha: "m1" })],
      },
    };
  };

  it("posts the completion matrix when every task is done or skipped", () => {
    const skipped = engineTask("T2", {
      child: {
        ...(engineTask("T2").child as NonNullable<EngineTask["child"]>),
        state: "closed",
        stateReason: "not_planned",
      },
      closedBy: "bob",
    });
    const writes = decideFinish(round(engineInput([mergedTask("T1"), skipped])));
    expect(kinds(writes)).toEqual(["create-comment"]);
    const body = writes[0]?.kind === "create-comment" ? writes[0].body : "";
    expect(body).toContain("🏁 **Plan finished**: 1 done, 1 skipped.");
    expect(body).toContain("required checks green on merged head hT1");
    expect(body).toContain("closed by @\u200dbob");
    expect(body).toContain("<!-- foreman:summary plan=1 -->");
  });

  it("then lands the report through its own PR and closes the plan", () => {
    const input = engineInput([mergedTask("T1")]);
    const summaryBody = decideFinish(round(input))[0];
    if (summaryBody?.kind !== "create-comment") throw new Error("expected the summary");
    const withSummary = { ...input, summary: { commentId: 3, body: summaryBody.body } };
    expect(decideFinish(round(withSummary))).toEqual([
      expect.objectContaining({
        kind: "commit-file",
        branch: "foreman/1/report",
        path: ".foreman/reports/plan-1.md",
      }),
    ]);
    const branched = { ...withSummary, report: { ...withSummary.report, branchExists: true } };
    expect(kinds(decideFinish(round(branched)))).toEqual(["open-pull"]);
  });

  it("says once that the plan budget is spent while work is held back", () => {
    const spent: TaskRecord = attemptRecord({ cost: 60 });
    const input = engineInput([engineTask("T1", { records: [spent] }), engineTask("T2")]);
    const writes = decideBudget(round(input));
    expect(writes[0]?.kind === "create-comment" && writes[0].body).toContain("The plan's budget is spent");
    expect(decideBudget(round({ ...input, notices: [{ topic: "budget", commentId: 1, body: "" }] }))).toEqual(
      [],
    );
  });
});
