import { readFileSync } from "node:fs";
import { parseConfig } from "../../../src/core/config/parse-config.ts";
import { applyPlanWrite } from "../../../src/core/plan/apply-plan-write.ts";
import { bindPlanTexts } from "../../../src/core/plan/bind-plan-texts.ts";
import { hashPlanText } from "../../../src/core/plan/hash-plan-text.ts";
import type { PlanIntent, ReconcileInput } from "../../../src/core/plan/plan-round.ts";
import type { IssueRecord, PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import type { PlanWrite, WriteOutcome } from "../../../src/core/plan/plan-write.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { reconcilePlan } from "../../../src/core/plan/reconcile-plan.ts";
import type { ChecksSummary } from "../../../src/core/plan/summarise-task-facts.ts";
import type { TaskFacts } from "../../../src/core/plan/task-facts.ts";
import { runReconcileLoop } from "../../../src/shell/run-reconcile-loop.ts";

export const SEED_002 = readFileSync(
  new URL("../../fixtures/seeds/002_277688318b383d8f.txt", import.meta.url),
  "utf8",
);
export const EXAMPLE_PLAN = readFileSync(new URL("../../../examples/plan.md", import.meta.url), "utf8");
export const TEMPLATES = {
  childIssue: readFileSync(new URL("../../../templates/child-issue.md", import.meta.url), "utf8"),
  trackingComment: readFileSync(new URL("../../../templates/tracking-comment.md", import.meta.url), "utf8"),
};
export const LINKS = {
  formatReference: "https://example.test/docs/task-format.md",
  config: "https://github.com/acme/demo/blob/HEAD/.github/foreman.yml",
};
export const TEXTS = bindPlanTexts(TEMPLATES, LINKS);
const BOT = "foreman[bot]";
/** The fixed clock of the pure tests. */
export const NOW = "2025-06-01T12:00:00.000Z";

export function issue(number: number, fields: Partial<IssueRecord> = {}): IssueRecord {
  return {
    id: 9000 + number,
    number,
    title: `Issue ${number}`,
    body: "",
    state: "open",
    stateReason: null,
    labels: [],
    author: "alice",
    url: `https://github.com/acme/demo/issues/${number}`,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
    isPullRequest: false,
    blockedByCount: null,
    parentNumber: null,
    ...fields,
  };
}

export function emptySnapshot(body: string, fields: Partial<PlanSnapshot> = {}): PlanSnapshot {
  return {
    plan: issue(1, { title: "Plan", body, labels: ["foreman"] }),
    comments: [],
    issues: [],
    externalIssues: [],
    missingIssues: [],
    subIssues: [],
    phases: [],
    blockedBy: {},
    repoLabels: [],
    tasks: {},
    requiredChecks: { checks: [], strict: false, source: "none" },
    ...fields,
  };
}

/** A writer's start of the plan text as the snapshot holds it; null for a plain sync. */
export function intentOf(snapshot: PlanSnapshot, approveBy: string | null): PlanIntent {
  return approveBy === null
    ? { kind: "sync" }
    : { kind: "approve", by: approveBy, spec: hashPlanText(snapshot.plan.body) };
}

export function reconcileInput(
  snapshot: PlanSnapshot,
  approveBy: string | null,
  config: unknown = null,
): ReconcileInput {
  return {
    snapshot,
    document: preparePlanDocument(snapshot.plan.body),
    config: parseConfig(config),
    texts: TEXTS,
    intent: intentOf(snapshot, approveBy),
    now: NOW,
  };
}

/**
 * What GitHub would answer to each write, enough for the pure fold: new issues and comments get the
 * next free number or id, patches are applied. Only for driving the pure reconcile in unit tests;
 * end-to-end tests run against the emulator.
 */
export function outcomeOf(snapshot: PlanSnapshot, action: PlanWrite): WriteOutcome {
  const known = [snapshot.plan, ...snapshot.issues, ...snapshot.phases.map((phase) => phase.issue)];
  const nextNumber = Math.max(...known.map((issue) => issue.number)) + 1;
  switch (action.kind) {
    case "create-issue":
    case "create-phase-issue":
      return {
        kind: "issue",
        issue: issue(nextNumber, {
          title: action.title,
          body: action.body,
          labels: action.labels,
          author: BOT,
        }),
      };
    case "update-issue": {
      const current = known.find((issue) => issue.number === action.number);
      if (!current) throw new Error(`no issue #${action.number}`);
      const { stateReason, ...patch } = action.patch;
      return {
        kind: "issue",
        issue: { ...current, ...patch, stateReason: stateReason ?? current.stateReason },
      };
    }
    case "create-comment": {
      const id =
        500 + snapshot.comments.length + Math.max(0, ...snapshot.comments.map((comment) => comment.id));
      return {
        kind: "comment",
        comment: {
          id,
          body: action.body,
          author: BOT,
          url: `https://github.com/acme/demo/issues/1#issuecomment-${id}`,
        },
      };
    }
    case "update-comment": {
      const current = snapshot.comments.find((comment) => comment.id === action.commentId);
      if (!current) throw new Error(`no comment ${action.commentId}`);
      return { kind: "comment", comment: { ...current, body: action.body } };
    }
    default:
      return { kind: "done" };
  }
}

class StopWrites extends Error {}

/**
 * The shell's loop with a fake executor (`outcomeOf`) until the reconcile asks for nothing; with
 * `stopAfterWrites`, the executor dies before that write, as a crashed app would.
 */
export async function settlePlan(
  snapshot: PlanSnapshot,
  approveBy: string | null,
  options: { config?: unknown; stopAfterWrites?: number } = {},
): Promise<{ snapshot: PlanSnapshot; writes: PlanWrite[] }> {
  const input = reconcileInput(snapshot, approveBy, options.config ?? null);
  let current = snapshot;
  const writes: PlanWrite[] = [];
  try {
    await runReconcileLoop<PlanSnapshot, PlanWrite, WriteOutcome>(
      {
        load: async () => current,
        decide: (state) => reconcilePlan({ ...input, snapshot: state }),
        write: async (write) => {
          if (writes.length === options.stopAfterWrites) throw new StopWrites();
          return outcomeOf(current, write);
        },
        fold: (state, write, outcome) => {
          current = applyPlanWrite(state, write, outcome);
          writes.push(write);
          return current;
        },
        pauseAfter: () => null,
        sleep: async () => {},
        log: () => {},
        maxRounds: () => input.document.graph.tasks.length + 20,
      },
      snapshot,
    );
  } catch (error) {
    if (!(error instanceof StopWrites)) throw error;
  }
  return { snapshot: current, writes };
}

/**
 * The facts GitHub would show on `foreman/1/<task>` for a task with `attempts` workflow runs (the last
 * still going when `running`), a PR, and check runs on its head that add up to `checks`.
 */
export function taskFacts(
  task: string,
  progress: {
    attempts: number;
    running: boolean;
    pr: { number: number; state: "open" | "closed"; merged: boolean; headSha: string } | null;
    checks: ChecksSummary | null;
  },
): TaskFacts {
  const branch = `foreman/1/${task}`;
  const at = "2025-06-01T10:00:00Z";
  const runs = Array.from({ length: progress.attempts }, (_, index) => ({
    id: 100 + index,
    branch,
    event: "workflow_dispatch",
    status:
      progress.running && index === progress.attempts - 1 ? ("in_progress" as const) : ("completed" as const),
    conclusion: progress.running && index === progress.attempts - 1 ? null : ("success" as const),
    runAttempt: 1,
    displayTitle: `${task} attempt ${index + 1}`,
    url: `https://github.com/acme/demo/actions/runs/${100 + index}`,
    createdAt: at,
    updatedAt: at,
    startedAt: at,
  }));
  const pr = progress.pr;
  const pulls = pr
    ? [
        {
          ...pr,
          url: `https://github.com/acme/demo/pull/${pr.number}`,
          branch,
          baseRef: "main",
          draft: false,
          mergedAt: pr.merged ? at : null,
          mergeSha: null,
          baseSha: "base",
          mergeableState: null,
          changedFiles: null,
          createdAt: at,
        },
      ]
    : [];
  const conclusion = { pending: null, success: "success", failure: "failure" } as const;
  const checkRuns =
    pr && progress.checks
      ? [
          {
            id: 7,
            name: "test",
            appId: null,
            headSha: pr.headSha,
            status: progress.checks === "pending" ? ("in_progress" as const) : ("completed" as const),
            conclusion: conclusion[progress.checks],
            url: "u",
            startedAt: at,
            completedAt: progress.checks === "pending" ? null : at,
            title: null,
            summary: null,
          },
        ]
      : [];
  return { branch, pulls, checkRuns, statuses: [], reviews: [], runs };
}
