import { formatMarker } from "../plan/format-marker.ts";
import { STATE_ICONS } from "../plan/state-icons.ts";
import type { CompletionMatrix, CompletionRow } from "./build-completion-matrix.ts";
import { escapeUntrusted } from "./escape-untrusted.ts";

/** GitHub's comment limit is 65,536 characters; rows beyond this many are left to the report file. */
const MAX_ROWS = 250;

/**
 * The summary posted on the plan when every task is done or skipped, and (with `report: true`) the
 * report file committed under `reportsDir`: the completion matrix as a table, spend and time totals,
 * and in the report each attempt's run and conclusion.
 */
export function renderCompletionSummary(
  plan: number,
  matrix: CompletionMatrix,
  options: { report: boolean; reportUrl: string | null },
): string {
  const done = matrix.rows.filter((row) => row.state === "done").length;
  const skipped = matrix.rows.filter((row) => row.state === "skipped").length;
  const { total } = matrix;
  const lines = [
    options.report ? `# Plan #${plan} — summary` : `🏁 **Plan finished**: ${done} done, ${skipped} skipped.`,
    "",
    `Attempts: ${total.attempts} · cost: $${total.cost.toFixed(2)} · tokens: ${total.tokens} · agent time: ${duration(total.durationMs)}`,
    "",
    "| task | state | verified by | attempts | time | cost | links |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...matrix.rows.slice(0, MAX_ROWS).map(row),
  ];
  if (matrix.rows.length > MAX_ROWS)
    lines.push("", `… and ${matrix.rows.length - MAX_ROWS} more tasks in the report file.`);
  if (options.report) {
    lines.push("", "## Attempts", "");
    for (const entry of matrix.rows) {
      for (const attempt of entry.attempts) {
        const run = attempt.run ? `[run ${attempt.run.id}](${attempt.run.url})` : "no run";
        lines.push(`- ${entry.task} attempt ${attempt.n}: ${attempt.conclusion ?? "unfinished"} — ${run}`);
      }
    }
  }
  if (!options.report && options.reportUrl) lines.push("", `Full report: ${options.reportUrl}`);
  if (!options.report) lines.push("", formatMarker({ kind: "summary", plan }));
  lines.push("");
  return lines.join("\n");
}

function row(entry: CompletionRow): string {
  const links = [
    entry.issueUrl ? `[issue](${entry.issueUrl})` : null,
    entry.pull ? `[#${entry.pull.number}](${entry.pull.url})` : null,
  ].filter((link): link is string => link !== null);
  const title = escapeUntrusted(entry.title).replace(/\|/g, "\\|");
  return `| ${entry.task} · ${title} | ${STATE_ICONS[entry.state].icon} ${entry.state} | ${verifiedBy(entry)} | ${entry.attempts.length} | ${duration(entry.durationMs)} | $${entry.spend.cost.toFixed(2)} | ${links.join(" ")} |`;
}

function verifiedBy(entry: CompletionRow): string {
  const { verification } = entry;
  switch (verification.kind) {
    case "checks-green":
      return `required checks green on merged head ${verification.head.slice(0, 7)}`;
    case "merged-unverified":
      return `merged by hand; required checks: ${verification.checks.map((check) => `${check.context} ${check.conclusion ?? "missing"}`).join(", ")}`;
    case "closed-by":
      // Named, not pinged: a finished plan has no reason to notify the person again.
      return verification.login ? `closed by ${escapeUntrusted(`@${verification.login}`)}` : "closed by hand";
    case "plan-text":
      return "marked in the plan text";
    case "not-done":
      return "—";
  }
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)}s`;
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
