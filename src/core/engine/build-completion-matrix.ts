import type { TaskState } from "../graph/task-state.ts";
import type { Spend } from "./compute-budget-ledger.ts";
import type { AttemptSummary } from "./derive-task-work.ts";
import type { EngineRound } from "./engine-round.ts";
import { parseTimestamp } from "./parse-timestamp.ts";
import { verifyTask } from "./verify-task.ts";

/** How a finished task was shown to be done. */
export type Verification =
  | { kind: "checks-green"; head: string; checks: { context: string; conclusion: string | null }[] }
  | { kind: "merged-unverified"; head: string; checks: { context: string; conclusion: string | null }[] }
  | { kind: "closed-by"; login: string | null }
  | { kind: "plan-text" }
  | { kind: "not-done" };

export type CompletionRow = {
  task: string;
  title: string;
  state: TaskState;
  verification: Verification;
  attempts: AttemptSummary[];
  /** run time of all attempts */
  durationMs: number;
  spend: Spend;
  issueUrl: string | null;
  pull: {
    number: number;
    url: string;
    merged: boolean;
    mergedAt: string | null;
    mergeSha: string | null;
  } | null;
};

export type CompletionMatrix = { rows: CompletionRow[]; total: Spend & { durationMs: number } };

/**
 * The completion matrix (issue #10, item 8), as data for the summary comment, the report file and
 * `foreman simulate --json`: per task its state, how it was verified — the required checks and their
 * conclusions on the head that merged, or who closed it — its attempts, time, cost and links.
 */
export function buildCompletionMatrix(round: EngineRound): CompletionMatrix {
  const { input, view } = round;
  const rows = input.tasks.map((task): CompletionRow => {
    const work = view.work.get(task.id);
    const state = view.states[task.id] ?? "pending";
    const merged = work?.phase.kind === "merged" ? work.phase.pull : null;
    let verification: Verification = { kind: "not-done" };
    if (merged) {
      const verdict = verifyTask({
        pull: { ...merged, changedFiles: [] },
        checkRuns: task.facts.checkRuns,
        statuses: task.facts.statuses,
        required: view.required,
        base: { sha: input.base.sha, checkRuns: [], statuses: [] },
        protectedPaths: [],
        rerunFailedChecks: 0,
        rerunRefused: [],
        appId: input.appId,
      });
      const checks = verdict.checks.map((check) => ({
        context: check.context,
        conclusion: check.conclusion,
      }));
      verification = {
        kind: verdict.kind === "verified" ? "checks-green" : "merged-unverified",
        head: merged.headSha,
        checks,
      };
    } else if (task.status === "done" || task.status === "skipped") {
      verification = { kind: "plan-text" };
    } else if (task.child?.state === "closed") {
      verification = { kind: "closed-by", login: task.closedBy };
    }
    const attempts = work?.attempts ?? [];
    const durationMs = attempts.reduce((sum, attempt) => {
      const reported = attempt.result?.ms;
      if (typeof reported === "number") return sum + reported;
      const start = parseTimestamp(attempt.startedAt);
      const end = parseTimestamp(attempt.finishedAt);
      return start !== null && end !== null && end > start ? sum + (end - start) : sum;
    }, 0);
    const pull = work?.pull ?? null;
    return {
      task: task.id,
      title: task.title,
      state,
      verification,
      attempts,
      durationMs,
      spend: view.ledger.tasks[task.id] ?? { attempts: 0, turns: 0, tokens: 0, cost: 0 },
      issueUrl: task.child?.url ?? null,
      pull: pull && {
        number: pull.number,
        url: pull.url,
        merged: pull.merged,
        mergedAt: pull.mergedAt,
        mergeSha: pull.mergeSha,
      },
    };
  });
  return {
    rows,
    total: { ...view.ledger.plan, durationMs: rows.reduce((sum, row) => sum + row.durationMs, 0) },
  };
}
