import { type AttemptRun, type PlanRun, planRunSchema, type TaskRun } from "../../src/demo/plan-run.ts";

const BASE = "http://127.0.0.1:4100/acme/todo-cli";
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, seconds)).toISOString();

/**
 * Turns, tokens and cost of each recorded session of the todo-cli example as the real Claude Code
 * binary reported them when replaying it (model claude-sonnet-4-5): the figures the demo prints.
 */
const RECORDED = {
  T1: { turns: 11, inputTokens: 19_567, outputTokens: 1_733, costUsd: 0.1679 },
  T2: { turns: 6, inputTokens: 18_250, outputTokens: 992, costUsd: 0.1528 },
  T3: { turns: 5, inputTokens: 13_381, outputTokens: 898, costUsd: 0.1317 },
  "T4#1": { turns: 7, inputTokens: 14_994, outputTokens: 1_672, costUsd: 0.1482 },
  "T4#2": { turns: 6, inputTokens: 12_595, outputTokens: 454, costUsd: 0.1227 },
  T5: { turns: 12, inputTokens: 18_635, outputTokens: 1_318, costUsd: 0.1588 },
} as const;

function attempt(
  n: number,
  from: number,
  to: number | null,
  conclusion: AttemptRun["conclusion"],
  figures: (typeof RECORDED)[keyof typeof RECORDED],
  feedback: string | null = null,
): AttemptRun {
  return {
    n,
    run: { id: 100 + n + from, url: `${BASE}/actions/runs/${100 + n + from}` },
    dispatchedAt: at(from),
    startedAt: at(from + 1),
    finishedAt: to === null ? null : at(to),
    conclusion,
    feedback,
    ...figures,
  };
}

function task(id: string, title: string, issue: number, rest: Partial<TaskRun>): TaskRun {
  return {
    id,
    title,
    state: "pending",
    issue: { number: issue, url: `${BASE}/issues/${issue}` },
    dependsOn: [],
    waitsForIssues: [],
    maxAttempts: 3,
    attempts: [],
    pr: null,
    checks: [],
    reason: null,
    ...rest,
  };
}

function pr(number: number, task: string, merged: boolean) {
  return {
    number,
    url: `${BASE}/pull/${number}`,
    merged,
    mergedAt: merged ? at(number * 10) : null,
    mergeSha: merged ? `${number}`.padEnd(40, "a") : null,
    reportUrl: `${BASE}/blob/main/.foreman/reports/1/${task}.md`,
  };
}

const green = (number: number) => [
  { name: "test", conclusion: "success" as const, url: `${BASE}/runs/${number}` },
];
const FEEDBACK =
  "The required check `test` failed on abc1234.\nnot ok 5 - done marks a to-do done and list shows it with [x]";

/**
 * The todo-cli example's run at three moments: `finished` (every task done, T4 after a retry),
 * `midway` (one of each live state) and `stuck` (T4 needs a person, T5 blocked behind it).
 */
export function planRunFixture(moment: "finished" | "midway" | "stuck"): PlanRun {
  const T1 = task("T1", "Complete and remove to-dos", 2, {
    state: "done",
    attempts: [attempt(1, 2, 20, "success", RECORDED.T1)],
    pr: pr(7, "T1", true),
    checks: green(7),
  });
  const T2 = task("T2", "Parse due dates", 3, { dependsOn: ["T1"] });
  const T3 = task("T3", "Filter and sort the list", 4, { dependsOn: ["T1"] });
  const T4 = task("T4", "Due dates and views on the command line", 5, { dependsOn: ["T2", "T3"] });
  const T5 = task("T5", "Help text and README", 6, { dependsOn: ["T4"] });
  const run: PlanRun = {
    repository: { fullName: "acme/todo-cli", url: BASE },
    plan: {
      number: 1,
      title: "todo-cli: finish, date, filter and explain to-dos",
      url: `${BASE}/issues/1`,
      trackingCommentUrl: `${BASE}/issues/1#issuecomment-11`,
    },
    startedAt: at(0),
    finishedAt: null,
    tasks: [T1, T2, T3, T4, T5],
    budget: { limitUsd: 5, limitTokens: null },
    summaryReport: null,
  };
  if (moment === "midway") {
    T2.state = "running";
    T2.attempts = [attempt(1, 21, null, null, RECORDED.T2)];
    T3.state = "verifying";
    T3.attempts = [attempt(1, 21, null, null, RECORDED.T3)];
    T3.pr = pr(9, "T3", false);
    T3.checks = [{ name: "test", conclusion: null, url: null }];
    return planRunSchema.parse(run);
  }
  for (const [done, number] of [
    [T2, 8],
    [T3, 9],
  ] as const) {
    done.state = "done";
    done.attempts = [attempt(1, 21, 40, "success", RECORDED[done.id === "T2" ? "T2" : "T3"])];
    done.pr = pr(number, done.id, true);
    done.checks = green(number);
  }
  if (moment === "stuck") {
    T4.state = "needs-human";
    T4.attempts = [1, 2, 3].map((n) =>
      attempt(n, 40 + n * 10, 48 + n * 10, "failure", RECORDED["T4#1"], FEEDBACK),
    );
    T4.pr = pr(10, "T4", false);
    T4.checks = [{ name: "test", conclusion: "failure", url: `${BASE}/runs/10` }];
    T4.reason = "3 of 3 attempts failed the required check `test`";
    T5.state = "blocked";
    T5.reason = "T4 needs a person";
    return planRunSchema.parse(run);
  }
  T4.state = "done";
  T4.attempts = [
    attempt(1, 41, 60, "failure", RECORDED["T4#1"], FEEDBACK),
    attempt(2, 61, 75, "success", RECORDED["T4#2"]),
  ];
  T4.pr = pr(10, "T4", true);
  T4.checks = green(10);
  T5.state = "done";
  T5.attempts = [attempt(1, 76, 92, "success", RECORDED.T5)];
  T5.pr = pr(11, "T5", true);
  T5.checks = green(11);
  run.finishedAt = at(94);
  run.summaryReport = {
    path: ".foreman/reports/1/summary.md",
    url: `${BASE}/blob/main/.foreman/reports/1/summary.md`,
  };
  return planRunSchema.parse(run);
}
