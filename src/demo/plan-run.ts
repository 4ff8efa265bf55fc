import { z } from "zod";
import { TASK_STATES } from "../core/graph/task-state.ts";
import type { RunConclusion } from "../core/plan/task-facts.ts";

/**
 * A plan's run as GitHub shows it at one moment: the model behind the live task list, the closing
 * block, the `--keep` page and the simulator's JSON summary, so the four can never disagree. Every
 * field is read back from GitHub (issues, runs, PRs, check runs, Foreman's attempt markers); times
 * are ISO 8601 text so the model is plain JSON and renderers stay pure (they get `now` passed in).
 */

const url = z.string().min(1);

/** GitHub's check conclusions, held to the core's `RunConclusion` both ways so the two cannot drift. */
const RUN_CONCLUSIONS = [
  "success",
  "failure",
  "neutral",
  "cancelled",
  "skipped",
  "timed_out",
  "action_required",
  "stale",
  "startup_failure",
] as const satisfies readonly RunConclusion[];
true satisfies [Exclude<RunConclusion, (typeof RUN_CONCLUSIONS)[number]>] extends [never] ? true : never;
const isoTime = z.string().min(1);

export const attemptRunSchema = z
  .object({
    /** Foreman's attempt number, from 1 */
    n: z.number().int().positive(),
    /** the task workflow's run for this attempt, once GitHub shows it */
    run: z.object({ id: z.number().int().positive(), url }).strict().nullable(),
    dispatchedAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    /** null while running; then the verdict on the attempt (its job and the required checks) */
    conclusion: z.enum(["success", "failure", "cancelled", "timed_out", "needs-human"]).nullable(),
    /** what the next attempt was told: the failing checks' output, review comments */
    feedback: z.string().nullable(),
    turns: z.number().int().nonnegative().nullable(),
    inputTokens: z.number().int().nonnegative().nullable(),
    outputTokens: z.number().int().nonnegative().nullable(),
    /** null when the agent reported none (a subscription login reports no dollar figure) */
    costUsd: z.number().nonnegative().nullable(),
  })
  .strict();
export type AttemptRun = z.infer<typeof attemptRunSchema>;

export const checkRunSummarySchema = z
  .object({
    name: z.string().min(1),
    /** null while queued or running */
    conclusion: z.enum(RUN_CONCLUSIONS).nullable(),
    url: url.nullable(),
  })
  .strict();
export type CheckRunSummary = z.infer<typeof checkRunSummarySchema>;

export const taskRunSchema = z
  .object({
    id: z.string().min(1),
    /** as the person wrote it: untrusted text, escaped by every renderer */
    title: z.string(),
    state: z.enum(TASK_STATES),
    issue: z.object({ number: z.number().int().positive(), url }).strict().nullable(),
    /** ids of the tasks this one waits for (only the plan's own tasks; `#N` issues are in `waitsForIssues`) */
    dependsOn: z.array(z.string().min(1)),
    waitsForIssues: z.array(z.number().int().positive()),
    maxAttempts: z.number().int().positive(),
    attempts: z.array(attemptRunSchema),
    pr: z
      .object({
        number: z.number().int().positive(),
        url,
        merged: z.boolean(),
        mergedAt: isoTime.nullable(),
        /** the commit that landed; the required checks below ran on the head that merged */
        mergeSha: z.string().nullable(),
        /** the attempt report file on the PR's branch (or the base branch once merged) */
        reportUrl: url.nullable(),
      })
      .strict()
      .nullable(),
    /** the required checks on the PR's current head (the merged head once merged): the verifier */
    checks: z.array(checkRunSummarySchema),
    /** why a person is needed (needs-human) or what blocks the task (blocked) */
    reason: z.string().nullable(),
  })
  .strict();
export type TaskRun = z.infer<typeof taskRunSchema>;

export const planRunSchema = z
  .object({
    repository: z.object({ fullName: z.string().min(1), url }).strict(),
    plan: z
      .object({
        number: z.number().int().positive(),
        title: z.string(),
        url,
        trackingCommentUrl: url.nullable(),
      })
      .strict(),
    startedAt: isoTime,
    /** null while tasks are still open */
    finishedAt: isoTime.nullable(),
    tasks: z.array(taskRunSchema),
    /** the plan's limits from config; what was spent is the sum of the attempts' figures */
    budget: z
      .object({
        limitUsd: z.number().positive().nullable(),
        limitTokens: z.number().int().positive().nullable(),
      })
      .strict(),
    /** the summary report file, once the finish step landed it */
    summaryReport: z
      .object({ path: z.string().min(1), url })
      .strict()
      .nullable(),
  })
  .strict();
export type PlanRun = z.infer<typeof planRunSchema>;
