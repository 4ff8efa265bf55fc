import { formatUsd } from "./format-usd.ts";
import type { PlanStatus } from "./plan-status-schema.ts";

/** The task table for a terminal: one line per task, aligned columns, totals and links below. */
export function renderPlanStatus(status: PlanStatus): string {
  const { plan, totals } = status;
  const approved = plan.approvedBy ? ` · approved by @${plan.approvedBy}` : "";
  const header = `${status.repository}#${plan.number} “${plan.title}” — ${plan.status}${approved}`;
  const rows = status.tasks.map((task) => [
    task.id,
    task.state,
    task.issue ? `#${task.issue.number}` : "–",
    task.pr
      ? `#${task.pr.number}${task.pr.merged ? " merged" : task.pr.state === "closed" ? " closed" : ""}`
      : "–",
    task.checks ?? "–",
    String(task.attempts),
    task.costUsd > 0 ? formatUsd(task.costUsd) : "–",
    task.title,
  ]);
  const table = alignColumns([
    ["TASK", "STATE", "ISSUE", "PR", "CHECKS", "ATTEMPTS", "COST", "TITLE"],
    ...rows,
  ]);
  const counts = Object.entries(totals.byState).map(([state, count]) => `${count} ${state}`);
  const tokens =
    totals.inputTokens + totals.outputTokens > 0
      ? ` · tokens ${formatCount(totals.inputTokens)} in / ${formatCount(totals.outputTokens)} out`
      : "";
  const summary =
    totals.tasks === 0
      ? "No tasks yet."
      : `${totals.tasks} tasks: ${counts.join(", ")} · ${totals.attempts} attempts · ${formatUsd(totals.costUsd)}${tokens}`;
  return [
    header,
    plan.url,
    "",
    ...(status.tasks.length > 0 ? [...table, ""] : []),
    summary,
    ...(plan.notice ? [plan.notice] : []),
    ...(plan.trackingComment ? [`Tracking comment: ${plan.trackingComment}`] : []),
    "",
  ].join("\n");
}

function alignColumns(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

function formatCount(count: number): string {
  return count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}
