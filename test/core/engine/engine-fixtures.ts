import { foremanConfigSchema } from "../../../src/core/config/config-schema.ts";
import type { EngineConfig } from "../../../src/core/engine/engine-config.ts";
import type { AttemptRecord, EngineInput, EngineTask } from "../../../src/core/engine/engine-input.ts";
import { parseTimestamp } from "../../../src/core/engine/parse-timestamp.ts";
import type {
  CheckRunFact,
  CommitStatusFact,
  PullFact,
  WorkflowRunFact,
} from "../../../src/core/plan/task-facts.ts";
import { issue } from "../plan/plan-fixtures.ts";

export const PLAN = 1;
export const APP_ID = 77;
export const BASE_SHA = "base0000000000000000000000000000000000000";
export const NOW = parseTimestamp("2026-12-01T10:00:00Z") ?? 0;

export function engineConfig(fields: Partial<EngineConfig> = {}): EngineConfig {
  return {
    ...foremanConfigSchema.parse({}),
    protectedPaths: [".github/**", "CODEOWNERS"],
    ...fields,
  };
}

export function pull(fields: Partial<PullFact> = {}): PullFact {
  return {
    number: 100,
    url: "https://github.com/acme/demo/pull/100",
    branch: "foreman/1/T1",
    baseRef: "main",
    state: "open",
    draft: false,
    merged: false,
    mergedAt: null,
    mergeSha: null,
    headSha: "head1",
    baseSha: BASE_SHA,
    mergeableState: "clean",
    changedFiles: ["src/a.ts"],
    createdAt: "2026-12-01T09:00:00Z",
    ...fields,
  };
}

export function checkRun(fields: Partial<CheckRunFact> = {}): CheckRunFact {
  return {
    id: 500,
    name: "test",
    appId: 15368,
    headSha: "head1",
    status: "completed",
    conclusion: "success",
    url: "https://github.com/acme/demo/runs/500",
    startedAt: "2026-12-01T09:10:00Z",
    completedAt: "2026-12-01T09:12:00Z",
    title: null,
    summary: null,
    ...fields,
  };
}

export function status(fields: Partial<CommitStatusFact> = {}): CommitStatusFact {
  return {
    context: "ci/legacy",
    state: "success",
    url: "https://ci.example/1",
    description: null,
    updatedAt: "2026-12-01T09:12:00Z",
    ...fields,
  };
}

export function workflowRun(fields: Partial<WorkflowRunFact> = {}): WorkflowRunFact {
  return {
    id: 900,
    branch: "main",
    event: "workflow_dispatch",
    status: "completed",
    conclusion: "success",
    runAttempt: 1,
    displayTitle: "Foreman: plan #1, task T1, attempt 1",
    url: "https://github.com/acme/demo/actions/runs/900",
    createdAt: "2026-12-01T09:00:00Z",
    updatedAt: "2026-12-01T09:05:00Z",
    startedAt: "2026-12-01T09:00:10Z",
    ...fields,
  };
}

/** Attempt 1's `foreman:attempt` record: what the Action reported of it, for the budget ledger. */
export function attemptRecord(fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    kind: "attempt",
    id: 1,
    url: "",
    updatedAt: "",
    attempt: 1,
    result: "success",
    run: null,
    pr: null,
    head: null,
    turns: 1,
    tokens: 1,
    cost: 0,
    ms: null,
    ...fields,
  };
}

export function engineTask(id: string, fields: Partial<EngineTask> = {}): EngineTask {
  const number = 10 + Number.parseInt(id.replace(/\D/g, "") || "0", 10);
  return {
    id,
    title: `Task ${id}`,
    deps: [],
    files: [],
    priority: null,
    acceptance: [],
    status: "todo",
    child: issue(number, { labels: ["foreman:task"], author: "foreman[bot]" }),
    closedBy: null,
    facts: { branch: `foreman/${PLAN}/${id}`, pulls: [], checkRuns: [], statuses: [], reviews: [], runs: [] },
    branchExists: false,
    claims: [],
    records: [],
    checkDetails: {},
    retryFrom: 0,
    ...fields,
  };
}

export function engineInput(tasks: EngineTask[], fields: Partial<EngineInput> = {}): EngineInput {
  return {
    plan: { number: PLAN, author: "alice", url: "https://github.com/acme/demo/issues/1", state: "open" },
    mode: "running",
    tasks,
    issues: new Map(),
    base: { ref: "main", sha: BASE_SHA, checkRuns: [], statuses: [] },
    requiredChecks: { checks: [{ context: "test", integrationId: null }], strict: false, source: "rulesets" },
    writers: ["alice", "bob"],
    workflowExists: true,
    notices: [],
    summary: null,
    report: {
      facts: {
        branch: `foreman/${PLAN}/report`,
        pulls: [],
        checkRuns: [],
        statuses: [],
        reviews: [],
        runs: [],
      },
      branchExists: false,
    },
    mergeGroupHeads: [],
    rerunRefused: [],
    appId: APP_ID,
    config: engineConfig(),
    now: NOW,
    ...fields,
  };
}
