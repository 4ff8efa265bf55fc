import { z } from "zod";
import { TASK_STATES } from "../core/graph/task-state.ts";

/**
 * What `foreman status --json` prints and the MCP tool `plan_status` returns: a plan's tasks as
 * GitHub shows them. The one shape both promise, checked before it leaves.
 */
export const attemptSchema = z.object({
  attempt: z.number().int().positive(),
  result: z
    .enum(["success", "failed", "needs-human", "running"])
    .describe("running: dispatched, no outcome yet"),
  run: z.number().int().positive().nullable().describe("the workflow run's id"),
  turns: z.number().int().nonnegative().nullable(),
  inputTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
});
export type AttemptStatus = z.infer<typeof attemptSchema>;

export const taskStatusSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: z.enum(TASK_STATES),
  dependsOn: z.array(z.string()).describe("ids of the tasks (or #N issues) this one waits for"),
  issue: z
    .object({ number: z.number().int().positive(), url: z.string(), state: z.enum(["open", "closed"]) })
    .nullable(),
  pr: z
    .object({
      number: z.number().int().positive(),
      url: z.string(),
      state: z.enum(["open", "closed"]),
      merged: z.boolean(),
    })
    .nullable(),
  checks: z.enum(["pending", "success", "failure"]).nullable().describe("the check runs on the PR's head"),
  attempts: z.number().int().nonnegative().describe("runs of the task workflow on the task's branch"),
  attemptLog: z.array(attemptSchema).describe("what each attempt reported (Foreman's attempt markers)"),
  costUsd: z.number().nonnegative().describe("sum of the attempts' reported cost"),
});
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const planStatusSchema = z.object({
  repository: z.string().describe("OWNER/REPO"),
  plan: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    url: z.string(),
    status: z
      .enum(["not-started", "running", "paused", "plan-changed", "cancelled", "done"])
      .describe(
        "not-started: no writer approved it yet; plan-changed: edited since approval, dispatch paused",
      ),
    approvedBy: z.string().nullable(),
    spec: z.string().nullable().describe("hash of the approved plan text"),
    trackingComment: z.string().nullable().describe("URL of Foreman's tracking comment"),
    notice: z.string().nullable().describe("what to do when the plan is not running as one would expect"),
  }),
  tasks: z.array(taskStatusSchema),
  totals: z.object({
    tasks: z.number().int().nonnegative(),
    byState: z.record(z.string(), z.number().int().positive()),
    attempts: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
  }),
});
export type PlanStatus = z.infer<typeof planStatusSchema>;
