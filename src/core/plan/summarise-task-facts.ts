import type { PullFact, RunConclusion, TaskFacts } from "./task-facts.ts";

/** The checks on a task PR's head, in three words: what the tracking comment and task states show. */
export type ChecksSummary = "pending" | "success" | "failure";

/** What the plan's views need of a task's facts: its attempts so far, its PR, how its checks stand. */
export type TaskProgress = {
  /** runs of the task workflow on the task branch */
  attempts: number;
  running: boolean;
  /** the open PR on the branch, else the newest one */
  pr: PullFact | null;
  /** the check runs on the open PR's head; null without an open PR or without checks */
  checks: ChecksSummary | null;
};

const PASSING: ReadonlySet<RunConclusion> = new Set(["success", "neutral", "skipped"]);

/**
 * A task's progress from what GitHub shows on its branch. This is the plan view's summary, not the
 * verification verdict: which checks are required, and whether they passed on the head that counts,
 * is the engine's `verifyTask`.
 */
export function summariseTaskFacts(facts: TaskFacts | undefined): TaskProgress {
  if (!facts) return { attempts: 0, running: false, pr: null, checks: null };
  const pulls = [...facts.pulls].sort((a, b) => b.number - a.number);
  const pr = pulls.find((pull) => pull.state === "open") ?? pulls[0] ?? null;
  const checkRuns = pr?.state === "open" ? facts.checkRuns.filter((run) => run.headSha === pr.headSha) : [];
  let checks: ChecksSummary | null = null;
  if (checkRuns.length > 0) {
    const failed = checkRuns.some(
      (run) => run.status === "completed" && (run.conclusion === null || !PASSING.has(run.conclusion)),
    );
    checks = failed
      ? "failure"
      : checkRuns.every((run) => run.status === "completed")
        ? "success"
        : "pending";
  }
  return {
    attempts: facts.runs.length,
    running: facts.runs.some((run) => run.status !== "completed"),
    pr,
    checks,
  };
}
