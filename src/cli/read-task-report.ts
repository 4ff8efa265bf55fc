import { z } from "zod";
import { STATE_ICONS } from "../core/plan/state-icons.ts";
import { statusOfError } from "../github/status-of-error.ts";
import type { GitHubConnection } from "./connect-github.ts";
import { formatUsd } from "./format-usd.ts";
import type { OpenedPlan } from "./open-plan-on-github.ts";
import type { PlanStatus, TaskStatus } from "./plan-status-schema.ts";
import { readRepositoryFile } from "./read-repository-file.ts";

export type TaskReport = {
  task: string;
  /** `report-file`: the report the Action committed; `github`: built from what GitHub shows */
  source: "report-file" | "github";
  /** where the report file was found: `PATH@BRANCH` */
  location: string | null;
  markdown: string;
};

const entrySchema = z.array(z.object({ type: z.string(), name: z.string(), path: z.string() }));
/** Report directories are shallow (`<reportsDir>/<plan>/<task>.md` or flat); this bounds the walk. */
const MAX_DEPTH = 2;

/**
 * One task's report: the file the Action wrote under the reports directory, on the task's branch
 * while it exists and on the default branch once it merged; otherwise the same facts the status
 * shows, with each attempt's outcome, turns, tokens, cost and duration.
 */
export async function readTaskReport(
  connection: GitHubConnection,
  opened: OpenedPlan,
  status: PlanStatus,
  taskId: string,
): Promise<TaskReport> {
  const task = status.tasks.find((candidate) => candidate.id === taskId);
  if (!task) throw new Error(`task ${taskId} is not in the plan's status`);
  const reportsDir = opened.config.ok ? opened.config.config.reportsDir : ".foreman/reports";
  const branch = `foreman/${status.plan.number}/${taskId}`;
  for (const ref of [branch, opened.repository.default_branch]) {
    const path = await findReportFile(connection, opened, reportsDir, ref, status.plan.number, taskId);
    if (path === null) continue;
    const markdown = await readRepositoryFile(connection, opened.reference, path, ref);
    if (markdown !== null)
      return { task: taskId, source: "report-file", location: `${path}@${ref}`, markdown };
  }
  return { task: taskId, source: "github", location: null, markdown: renderFromGitHub(opened, status, task) };
}

async function findReportFile(
  connection: GitHubConnection,
  opened: OpenedPlan,
  reportsDir: string,
  ref: string,
  planNumber: number,
  taskId: string,
): Promise<string | null> {
  const files = await listMarkdown(connection, opened, reportsDir.replace(/^\/+|\/+$/g, ""), ref, 0);
  const wanted = taskId.toLowerCase();
  const named = files.filter((path) => {
    const name = path.split("/").at(-1)?.replace(/\.md$/i, "").toLowerCase() ?? "";
    return name === wanted || name.endsWith(`-${wanted}`) || name.endsWith(`_${wanted}`);
  });
  // A file under a folder named after the plan wins over one elsewhere (another plan's T1).
  const inPlanFolder = named.find((path) =>
    path
      .split("/")
      .slice(0, -1)
      .some((segment) => segment.replace(/\D/g, "") === String(planNumber)),
  );
  return inPlanFolder ?? (named.length === 1 ? (named[0] ?? null) : null);
}

async function listMarkdown(
  connection: GitHubConnection,
  opened: OpenedPlan,
  dir: string,
  ref: string,
  depth: number,
): Promise<string[]> {
  let data: unknown;
  try {
    ({ data } = await connection.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...opened.reference,
      path: dir,
      ref,
    }));
  } catch (error) {
    // No such branch (merged and deleted) or no reports directory: nothing there.
    if (statusOfError(error) === 404) return [];
    throw error;
  }
  const entries = entrySchema.safeParse(data);
  if (!entries.success) return [];
  const found: string[] = [];
  for (const entry of entries.data) {
    if (entry.type === "file" && /\.md$/i.test(entry.name)) found.push(entry.path);
    if (entry.type === "dir" && depth < MAX_DEPTH)
      found.push(...(await listMarkdown(connection, opened, entry.path, ref, depth + 1)));
  }
  return found;
}

function renderFromGitHub(opened: OpenedPlan, status: PlanStatus, task: TaskStatus): string {
  const outline = opened.loaded.document.graph.tasks.find((candidate) => candidate.id === task.id);
  const links = [
    `[${status.repository}#${status.plan.number}](${status.plan.url})`,
    task.issue ? `issue [#${task.issue.number}](${task.issue.url})` : "no issue yet",
    task.pr
      ? `PR [#${task.pr.number}](${task.pr.url})${task.pr.merged ? " (merged)" : ` (${task.pr.state})`}`
      : "no PR yet",
    `checks: ${task.checks ?? "none yet"}`,
  ];
  const attempts =
    task.attemptLog.length === 0
      ? [`${task.attempts} attempt${task.attempts === 1 ? "" : "s"} on GitHub, none reported yet.`]
      : [
          "| Attempt | Result | Run | Turns | Tokens in / out | Cost | Duration |",
          "|---|---|---|---|---|---|---|",
          ...task.attemptLog.map(
            (attempt) =>
              `| ${attempt.attempt} | ${attempt.result} | ${attempt.run ?? "–"} | ${attempt.turns ?? "–"} | ${attempt.inputTokens ?? "–"} / ${attempt.outputTokens ?? "–"} | ${attempt.costUsd === null ? "–" : formatUsd(attempt.costUsd)} | ${attempt.durationMs === null ? "–" : `${Math.round(attempt.durationMs / 1000)} s`} |`,
          ),
        ];
  const acceptance = outline?.acceptance ?? [];
  return [
    `# ${task.id}: ${task.title.replace(/[<>]/g, "")} — ${STATE_ICONS[task.state].icon} ${task.state}`,
    "",
    links.join(" · "),
    "",
    `Depends on: ${task.dependsOn.length === 0 ? "nothing" : task.dependsOn.join(", ")} · cost so far ${formatUsd(task.costUsd)}`,
    "",
    "## Attempts",
    "",
    ...attempts,
    ...(acceptance.length === 0
      ? []
      : ["", "## Acceptance criteria", "", ...acceptance.map((item) => `- ${item.replace(/[<>]/g, "")}`)]),
    "",
    "_No report file on the task's branch or the default branch yet; built from what GitHub shows._",
    "",
  ].join("\n");
}
