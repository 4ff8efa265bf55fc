import type { AttemptView } from "./attempt-view.ts";
import { escapeUntrustedMarkdown } from "./escape-untrusted-markdown.ts";
import { formatFigures } from "./format-figures.ts";
import { renderAttemptMarker } from "./render-attempt-marker.ts";

const MAX_SUMMARY = 4_000;

/**
 * The task PR's body: the agent's summary (escaped: it may repeat anything it read), `Closes #child`,
 * the acceptance criteria as a checklist for the reviewer, and a footer with the attempt's figures
 * and the hidden marker.
 */
export function renderPullBody(view: AttemptView): string {
  const summary = (view.session?.finalText ?? "").trim();
  const shown = summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY)}…` : summary;
  const report = view.reportUrl ? `[report](${view.reportUrl})` : `report: \`${view.reportPath}\``;
  const run = view.runUrl ? ` · [run](${view.runUrl})` : "";
  return [
    `### ${escapeUntrustedMarkdown(`${view.taskId} · ${view.taskTitle}`)}`,
    shown === "" ? "_The agent left no summary._" : escapeUntrustedMarkdown(shown),
    view.childIssue === null ? "" : `Closes #${view.childIssue}`,
    view.acceptance.length === 0
      ? ""
      : `#### Acceptance criteria\n${view.acceptance.map((criterion) => `- [ ] ${escapeUntrustedMarkdown(criterion)}`).join("\n")}`,
    "---",
    `<sub>Foreman · plan #${view.planNumber} · task ${escapeUntrustedMarkdown(view.taskId)} · attempt ${view.attempt} · ${formatFigures(view.session)} · ${report}${run}</sub>`,
    renderAttemptMarker(view),
  ]
    .filter((part) => part !== "")
    .join("\n\n")
    .concat("\n");
}
