import type { GitHubConnection } from "./connect-github.ts";
import { findPlanTask } from "./find-plan-task.ts";
import { openPlanOnGitHub } from "./open-plan-on-github.ts";
import type { PlanReference } from "./parse-repository-reference.ts";
import { readPlanStatus } from "./read-plan-status.ts";
import { readTaskReport, type TaskReport } from "./read-task-report.ts";
import { renderPlanReport } from "./render-plan-report.ts";

export type Report = { kind: "plan"; markdown: string } | ({ kind: "task" } & TaskReport);

/** `foreman report` and the MCP tool `task_report`: the plan's summary, or one task's report. */
export async function produceReport(
  connection: GitHubConnection,
  reference: PlanReference,
  appSlug: string,
  task: string | undefined,
): Promise<Report> {
  const opened = await openPlanOnGitHub(connection, reference, appSlug);
  // The task is resolved before the (longer) status read, so a typo fails fast.
  const taskId = task === undefined ? undefined : findPlanTask(opened, task);
  const status = await readPlanStatus(opened);
  if (taskId === undefined) return { kind: "plan", markdown: renderPlanReport(status) };
  return { kind: "task", ...(await readTaskReport(connection, opened, status, taskId)) };
}
