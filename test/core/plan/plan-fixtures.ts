import { readFileSync } from "node:fs";
import { parseConfig } from "../../../src/core/config/parse-config.ts";
import { applyPlanAction } from "../../../src/core/plan/apply-plan-action.ts";
import type { ActionOutcome, PlanAction } from "../../../src/core/plan/plan-action.ts";
import type { IssueRecord, PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { type ReconcileInput, reconcilePlan } from "../../../src/core/plan/reconcile-plan.ts";

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
const BOT = "foreman[bot]";

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
    blockedBy: {},
    repoLabels: [],
    runtime: {},
    ...fields,
  };
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
    templates: TEMPLATES,
    links: LINKS,
    approveBy,
  };
}

/**
 * What GitHub would answer to each write, enough for the pure fold: new issues and comments get the
 * next free number or id, patches are applied. Only for driving the pure reconcile in unit tests;
 * end-to-end tests run against the emulator.
 */
export function outcomeOf(snapshot: PlanSnapshot, action: PlanAction): ActionOutcome {
  const nextNumber = Math.max(snapshot.plan.number, ...snapshot.issues.map((known) => known.number)) + 1;
  switch (action.kind) {
    case "create-issue":
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
      const current = [snapshot.plan, ...snapshot.issues].find((known) => known.number === action.number);
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

/** Reconcile rounds with every write folded in, until the reconcile asks for nothing. */
export function settlePlan(
  snapshot: PlanSnapshot,
  approveBy: string | null,
  options: { config?: unknown; stopAfterWrites?: number } = {},
): { snapshot: PlanSnapshot; writes: PlanAction[] } {
  const writes: PlanAction[] = [];
  const input = reconcileInput(snapshot, approveBy, options.config ?? null);
  let current = snapshot;
  for (let round = 0; round < 200; round++) {
    const actions = reconcilePlan({ ...input, snapshot: current });
    if (actions.length === 0) return { snapshot: current, writes };
    for (const action of actions) {
      if (writes.length === options.stopAfterWrites) return { snapshot: current, writes };
      current = applyPlanAction(current, action, outcomeOf(current, action));
      writes.push(action);
    }
  }
  throw new Error("the reconcile did not settle");
}
