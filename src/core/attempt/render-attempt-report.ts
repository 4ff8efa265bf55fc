import { fenceCode } from "../plan/fence-code.ts";
import type { AttemptView } from "./attempt-view.ts";
import { escapeUntrustedMarkdown } from "./escape-untrusted-markdown.ts";
import { formatFigures } from "./format-figures.ts";
import { resultIcon } from "./result-icon.ts";

/** Commands listed with their output; later ones are counted. */
const MAX_COMMANDS = 40;
const MAX_SUMMARY = 6_000;
/** GitHub shows a job summary up to 1 MiB; a report file should stay readable far below that. */
const MAX_REPORT = 200_000;

/**
 * The attempt's report (the file `<reports-dir>/<plan>/<task>.md` on the branch, and the job
 * summary): result and reason, the figures, the agent's summary, what changed, the commands it ran
 * with their real output (bounded, in collapsible sections), refused tool calls, the attempt history
 * and how the prompt was built.
 */
export function renderAttemptReport(view: AttemptView): string {
  const { session } = view;
  const lines: string[] = [
    `# ${resultIcon(view.outcome.result)} ${escapeUntrustedMarkdown(`${view.taskId} · ${view.taskTitle}`)} — attempt ${view.attempt}`,
    [
      `Plan #${view.planNumber}`,
      view.childIssue === null ? null : `task issue #${view.childIssue}`,
      view.pullNumber === null ? null : `PR #${view.pullNumber}`,
      `branch \`${view.branch}\``,
      view.runUrl ? `[run](${view.runUrl})` : null,
    ]
      .filter((part) => part !== null)
      .join(" · "),
    `**${view.outcome.result}** — ${escapeUntrustedMarkdown(view.outcome.reason)}`,
  ];
  if (session !== null) {
    lines.push(
      "| turns | input tokens | output tokens | cache read | cache write | cost | duration |",
      "|---:|---:|---:|---:|---:|---:|---:|",
      `| ${session.turns} / ${view.maxTurns} | ${session.inputTokens} | ${session.outputTokens} | ${session.cacheReadTokens} | ${session.cacheCreationTokens} | $${session.costUsd.toFixed(4)}${view.budgetUsd === null ? "" : ` / $${view.budgetUsd.toFixed(2)}`} | ${(session.durationMs / 1000).toFixed(1)} s |`,
    );
    if (view.maxTokens !== null) {
      const used = session.inputTokens + session.outputTokens;
      lines.push(`Token cap: ${used} of ${view.maxTokens} input + output tokens.`);
    }
    const summary = session.finalText.trim();
    lines.push(
      "## Summary",
      summary === ""
        ? "_The agent left no summary._"
        : escapeUntrustedMarkdown(
            summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY)}…` : summary,
          ),
    );
    if (session.error) lines.push(`**Error:** ${escapeUntrustedMarkdown(session.error)}`);
  }
  lines.push(
    "## What changed",
    view.changedPaths.length === 0
      ? "_Nothing._"
      : view.changedPaths.map((path) => `- \`${escapeUntrustedMarkdown(path)}\``).join("\n"),
  );
  if (session !== null && session.commands.length > 0) {
    lines.push(`## Commands the agent ran (${session.commands.length})`);
    for (const run of session.commands.slice(0, MAX_COMMANDS)) {
      const status = run.failed ? "❌" : "✔️";
      const cut = run.truncated ? " (output cut)" : "";
      lines.push(
        `<details><summary>${status} <code>${escapeUntrustedMarkdown(run.command.split("\n")[0]?.slice(0, 120) ?? "")}</code>${cut}</summary>\n\n${fenceCode(run.command, "sh")}\n\n${fenceCode(run.output === "" ? "(no output)" : run.output, "text")}\n\n</details>`,
      );
    }
    if (session.commands.length > MAX_COMMANDS)
      lines.push(`_…and ${session.commands.length - MAX_COMMANDS} more._`);
  }
  if (session !== null && session.denials.length > 0) {
    lines.push(
      `## Refused tool calls (${session.denials.length})`,
      "| tool | call | why | to allow it |",
      "|---|---|---|---|",
      ...session.denials.map(
        (denial) =>
          `| ${denial.tool} | <code>${cell(denial.detail)}</code> | ${cell(denial.reason)} | ${cell(denial.allowWith)} |`,
      ),
    );
  }
  lines.push(
    "## Attempts",
    "| attempt | result | turns | input tokens | output tokens | cost | duration |",
    "|---:|---|---:|---:|---:|---:|---:|",
    ...view.history.map(
      (record) =>
        `| ${record.attempt} | ${record.result} | ${record.turns ?? "–"} | ${record.input ?? "–"} | ${record.output ?? "–"} | ${record.cost === undefined ? "–" : `$${record.cost.toFixed(4)}`} | ${record.ms === undefined ? "–" : `${(record.ms / 1000).toFixed(1)} s`} |`,
    ),
    `| **${view.attempt}** | **${view.outcome.result}** | ${session?.turns ?? "–"} | ${session?.inputTokens ?? "–"} | ${session?.outputTokens ?? "–"} | ${session ? `$${session.costUsd.toFixed(4)}` : "–"} | ${session ? `${(session.durationMs / 1000).toFixed(1)} s` : "–"} |`,
  );
  if (view.context.length > 0) {
    lines.push(
      "<details><summary>How the prompt was built</summary>\n",
      "| section | tokens | kept |",
      "|---|---:|---|",
      ...view.context.map((section) => `| ${section.id} | ${section.tokens} | ${section.state} |`),
      "\n</details>",
    );
  }
  lines.push(`<sub>Foreman · ${formatFigures(session)}</sub>`);
  const report = `${lines.join("\n\n")}\n`;
  return report.length > MAX_REPORT
    ? `${report.slice(0, MAX_REPORT)}\n\n_[report cut at ${MAX_REPORT} characters]_\n`
    : report;
}

function cell(text: string): string {
  return escapeUntrustedMarkdown(text).replaceAll("|", "\\|").replace(/\s+/g, " ").slice(0, 300);
}
