import { describeTaskProgress } from "./describe-task-progress.ts";
import { formatFigure } from "./format-figure.ts";
import { paintText } from "./paint-text.ts";
import type { PlanRun } from "./plan-run.ts";
import { sanitizeTerminalText } from "./sanitize-terminal-text.ts";
import { summarisePlanRun } from "./summarise-plan-run.ts";

/**
 * The block that ends a run: how far it got, how long it took, what it cost, who is needed for
 * what, and where to look — the plan's tracking comment, each PR and its report, the summary report,
 * and the `--keep` page when there is one.
 *
 *   5/5 tasks done in 1m 34s · 6 attempts (1 retry) · $0.21 · 48.2k tokens
 */
export function renderRunClosing(
  run: PlanRun,
  options: { now: number; color: boolean; pagePath?: string | null },
): string[] {
  const totals = summarisePlanRun(run, options.now);
  const allDone = totals.done === totals.total;
  const retries =
    totals.retries === 0 ? "" : ` (${totals.retries} retr${totals.retries === 1 ? "y" : "ies"})`;
  const headline = [
    `${totals.done}/${totals.total} tasks done in ${formatFigure("duration", totals.elapsedMs)}`,
    `${totals.attempts} attempt${totals.attempts === 1 ? "" : "s"}${retries}`,
    formatFigure("usd", totals.costUsd),
    `${formatFigure("tokens", totals.tokens)} tokens`,
  ].join(" · ");
  const lines = [paintText(headline, allDone ? "done" : "bold", options.color)];

  for (const task of totals.stuck) {
    const progress = describeTaskProgress(task, run);
    const where = task.issue === null ? "" : ` — ${task.issue.url}`;
    lines.push(
      paintText(
        `${progress.mark} ${sanitizeTerminalText(task.id)} ${progress.word}: ${sanitizeTerminalText(progress.detail)}${where}`,
        "stuck",
        options.color,
      ),
    );
  }
  const open = run.tasks.filter(
    (task) => task.state !== "done" && task.state !== "needs-human" && task.state !== "blocked",
  );
  if (open.length > 0)
    lines.push(`Not finished: ${open.map((task) => sanitizeTerminalText(task.id)).join(", ")}`);

  const links: Array<[string, string]> = [["Plan", run.plan.url]];
  if (run.plan.trackingCommentUrl !== null) links.push(["Tracking comment", run.plan.trackingCommentUrl]);
  for (const task of run.tasks) {
    if (task.pr === null) continue;
    const id = sanitizeTerminalText(task.id);
    links.push([`${id} PR #${task.pr.number}${task.pr.merged ? " (merged)" : ""}`, task.pr.url]);
    if (task.pr.reportUrl !== null) links.push([`${id} report`, task.pr.reportUrl]);
  }
  if (run.summaryReport !== null) links.push(["Summary report", run.summaryReport.url]);
  if (options.pagePath) links.push(["This run as a page", options.pagePath]);
  const labelWidth = Math.max(...links.map(([label]) => [...label].length));
  lines.push("", paintText("Where to look", "bold", options.color));
  for (const [label, target] of links)
    lines.push(`  ${label.padEnd(labelWidth)}  ${sanitizeTerminalText(target)}`);
  return lines;
}
