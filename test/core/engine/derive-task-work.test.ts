import { describe, expect, it } from "vitest";
import { deriveTaskWork, type WorkContext } from "../../../src/core/engine/derive-task-work.ts";
import type { EngineTask, TaskRecord } from "../../../src/core/engine/engine-input.ts";
import { formatTimestamp } from "../../../src/core/engine/format-timestamp.ts";
import {
  APP_ID,
  BASE_SHA,
  checkRun,
  engineConfig,
  engineTask,
  NOW,
  pull,
  workflowRun,
} from "./engine-fixtures.ts";

const context: WorkContext = {
  plan: { number: 1, author: "alice", url: "", state: "open" },
  base: { ref: "main", sha: BASE_SHA, checkRuns: [], statuses: [] },
  writers: ["alice"],
  appId: APP_ID,
  now: NOW,
  rerunRefused: [],
  required: [{ context: "test", integrationId: null }],
  config: engineConfig(),
};
const minutesAgo = (minutes: number) => formatTimestamp(NOW - minutes * 60_000);
const dispatched = (attempt: number, run: number | null, minutes = 1): TaskRecord => ({
  kind: "dispatch",
  id: 700 + attempt,
  url: "",
  updatedAt: minutesAgo(minutes),
  attempt,
  run,
});
const reported = (
  attempt: number,
  result: "success" | "failed" | "needs-human",
  fields: { pr?: number; head?: string } = {},
): TaskRecord => ({
  kind: "attempt",
  id: 800 + attempt,
  url: "",
  updatedAt: minutesAgo(1),
  attempt,
  result,
  run: null,
  pr: null,
  head: null,
  turns: 5,
  tokens: 1000,
  cost: 0.5,
  ms: 60_000,
  ...fields,
});
const judged = (attempt: number, head: string): TaskRecord => ({
  kind: "feedback",
  id: 850 + attempt,
  url: "",
  updatedAt: minutesAgo(2),
  attempt,
  head,
  failures: "sig",
});
const facts = (fields: Partial<EngineTask["facts"]>): Partial<EngineTask> => ({
  facts: { ...engineTask("T1").facts, ...fields },
});

describe("deriveTaskWork", () => {
  it.each<[string, Partial<EngineTask>, string, object?]>([
    ["nothing yet", {}, "idle"],
    ["claimed without a record", { claims: [{ attempt: 1, try: 1 }] }, "claimed", { attempt: 1 }],
    [
      "dispatched, no run yet",
      { claims: [{ attempt: 1, try: 1 }], records: [dispatched(1, null)] },
      "dispatching",
      { overdue: false },
    ],
    [
      "dispatched long ago, no run",
      { claims: [{ attempt: 1, try: 1 }], records: [dispatched(1, null, 30)] },
      "dispatching",
      { overdue: true, tries: 1 },
    ],
    [
      "dispatched three times without a run",
      {
        claims: [1, 2, 3].map((tryNumber) => ({ attempt: 1, try: tryNumber })),
        records: [dispatched(1, null, 30)],
      },
      "failed",
      { cause: { kind: "never-started", tries: 3 } },
    ],
    [
      "its run is going",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun({ status: "in_progress", conclusion: null, startedAt: minutesAgo(5) })],
        }),
      },
      "running",
      { overdue: false },
    ],
    [
      "its run is past the attempt timeout",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun({ status: "in_progress", conclusion: null, startedAt: minutesAgo(90) })],
        }),
      },
      "running",
      { overdue: true },
    ],
    [
      "the run is found by its name when the id was not returned",
      {
        records: [dispatched(1, null)],
        ...facts({ runs: [workflowRun({ id: 5, status: "queued", conclusion: null })] }),
      },
      "running",
    ],
    [
      "the job failed",
      { records: [dispatched(1, 900)], ...facts({ runs: [workflowRun({ conclusion: "failure" })] }) },
      "failed",
      { cause: { kind: "job", conclusion: "failure" } },
    ],
    [
      "the job was cancelled after the timeout",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [
            workflowRun({ conclusion: "cancelled", startedAt: minutesAgo(100), updatedAt: minutesAgo(30) }),
          ],
        }),
      },
      "failed",
      { cause: { kind: "timed-out", minutes: 60 } },
    ],
    [
      "the agent asked for help",
      {
        records: [dispatched(1, 900), reported(1, "needs-human")],
        ...facts({ runs: [workflowRun({ conclusion: "failure" })] }),
      },
      "stuck",
      { cause: { kind: "agent-blocked" } },
    ],
    [
      "the agent reported failure",
      { records: [dispatched(1, 900), reported(1, "failed")], ...facts({ runs: [workflowRun()] }) },
      "failed",
      { cause: { kind: "agent-failed" } },
    ],
    [
      "no PR after a green job",
      { records: [dispatched(1, 900)], ...facts({ runs: [workflowRun()] }) },
      "failed",
      { cause: { kind: "no-pull" } },
    ],
    [
      "a green job with a PR GitHub does not list yet",
      {
        records: [dispatched(1, 900), reported(1, "success", { pr: 100, head: "f".repeat(40) })],
        ...facts({ runs: [workflowRun()] }),
      },
      "publishing",
      { awaiting: "pull" },
    ],
    [
      "a retry whose push the PR does not show yet: the old head's failure is not this attempt's",
      {
        claims: [{ attempt: 2, try: 1 }],
        records: [
          dispatched(1, 900),
          judged(1, "head1"),
          dispatched(2, 901),
          reported(2, "success", { pr: 100, head: "f".repeat(40) }),
        ],
        ...facts({
          runs: [
            workflowRun({ id: 900 }),
            workflowRun({ id: 901, displayTitle: "Foreman: plan #1, task T1, attempt 2" }),
          ],
          pulls: [pull({ headSha: "head1" })],
          checkRuns: [checkRun({ id: 1, conclusion: "failure" }), checkRun({ id: 2, conclusion: "failure" })],
        }),
      },
      "publishing",
      { awaiting: "head" },
    ],
    [
      "a retry that pushed nothing new is judged on the head it left",
      {
        claims: [{ attempt: 2, try: 1 }],
        records: [
          dispatched(1, 900),
          judged(1, "head1"),
          dispatched(2, 901),
          reported(2, "success", { pr: 100, head: "head1" }),
        ],
        ...facts({
          runs: [
            workflowRun({ id: 900 }),
            workflowRun({ id: 901, displayTitle: "Foreman: plan #1, task T1, attempt 2" }),
          ],
          pulls: [pull({ headSha: "head1" })],
          checkRuns: [checkRun({ id: 1, conclusion: "failure" }), checkRun({ id: 2, conclusion: "failure" })],
        }),
      },
      "failed",
      { cause: { kind: "checks" } },
    ],
    [
      "PR open, checks running",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun()],
          pulls: [pull()],
          checkRuns: [checkRun({ status: "in_progress", conclusion: null })],
        }),
      },
      "verifying",
    ],
    [
      "PR open, checks green",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun()], pulls: [pull()], checkRuns: [checkRun()] }),
      },
      "verified",
    ],
    [
      "PR open, check failed after its re-run",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun()],
          pulls: [pull()],
          checkRuns: [checkRun({ id: 1, conclusion: "failure" }), checkRun({ id: 2, conclusion: "failure" })],
        }),
      },
      "failed",
      { cause: { kind: "checks" } },
    ],
    [
      "a writer requested changes after the job",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun({ updatedAt: minutesAgo(20) })],
          pulls: [pull()],
          checkRuns: [checkRun()],
          reviews: [
            {
              id: 1,
              author: "alice",
              state: "CHANGES_REQUESTED",
              commitId: "head1",
              submittedAt: minutesAgo(10),
              body: "rename it",
            },
          ],
        }),
      },
      "failed",
      { cause: { kind: "changes-requested" } },
    ],
    [
      "a non-writer's request for changes counts for nothing",
      {
        records: [dispatched(1, 900)],
        ...facts({
          runs: [workflowRun({ updatedAt: minutesAgo(20) })],
          pulls: [pull()],
          checkRuns: [checkRun()],
          reviews: [
            {
              id: 1,
              author: "mallory",
              state: "CHANGES_REQUESTED",
              commitId: "head1",
              submittedAt: minutesAgo(10),
              body: "x",
            },
          ],
        }),
      },
      "verified",
    ],
    [
      "a conflict with the base",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun()], pulls: [pull({ mergeableState: "dirty" })] }),
      },
      "failed",
      { cause: { kind: "conflict", base: "main" } },
    ],
    [
      "a protected path",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun()], pulls: [pull({ changedFiles: [".github/workflows/x.yml"] })] }),
      },
      "stuck",
      { cause: { kind: "protected-path" } },
    ],
    [
      "a person closed the PR",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun()], pulls: [pull({ state: "closed" })] }),
      },
      "stuck",
      { cause: { kind: "pull-closed" } },
    ],
    [
      "a required check never reported",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun({ updatedAt: minutesAgo(120) })], pulls: [pull()] }),
      },
      "stuck",
      { cause: { kind: "missing-checks", contexts: ["test"] } },
    ],
    [
      "merged",
      {
        records: [dispatched(1, 900)],
        ...facts({ runs: [workflowRun()], pulls: [pull({ state: "closed", merged: true })] }),
      },
      "merged",
    ],
  ])("%s → %s", (_, fields, kind, extra) => {
    const work = deriveTaskWork(engineTask("T1", fields), context);
    expect(work.phase.kind).toBe(kind);
    if (extra) expect(work.phase).toMatchObject(extra);
  });

  it("only the current attempt decides, and every attempt is summarised", () => {
    const work = deriveTaskWork(
      engineTask("T1", {
        records: [dispatched(1, 900), dispatched(2, 901)],
        ...facts({
          runs: [
            workflowRun({ conclusion: "failure" }),
            workflowRun({
              id: 901,
              displayTitle: "Foreman: plan #1, task T1, attempt 2",
              status: "in_progress",
              conclusion: null,
            }),
          ],
        }),
      }),
      context,
    );
    expect(work.current).toBe(2);
    expect(work.phase.kind).toBe("running");
    expect(work.attempts.map((attempt) => [attempt.n, attempt.conclusion])).toEqual([
      [1, "failure"],
      [2, null],
    ]);
  });
});
