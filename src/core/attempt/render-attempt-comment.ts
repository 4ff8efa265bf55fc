import type { AttemptView } from "./attempt-view.ts";
import { escapeUntrustedMarkdown } from "./escape-untrusted-markdown.ts";
import { formatFigures } from "./format-figures.ts";
import { renderAttemptMarker } from "./render-attempt-marker.ts";
import { resultIcon } from "./result-icon.ts";

/**
 * The attempt's record on the child issue: result and reason in one line, links to the PR, report and
 * run, the figures, and the `attempt` marker the engine reads for its budget ledger.
 */
export function renderAttemptComment(view: AttemptView): string {
  const links = [
    view.pullNumber === null ? null : `PR #${view.pullNumber}`,
    view.reportUrl ? `[report](${view.reportUrl})` : null,
    view.runUrl ? `[run](${view.runUrl})` : null,
  ].filter((link) => link !== null);
  return [
    `### ${resultIcon(view.outcome.result)} Attempt ${view.attempt} of ${escapeUntrustedMarkdown(view.taskId)}: ${view.outcome.result}`,
    escapeUntrustedMarkdown(view.outcome.reason),
    [formatFigures(view.session), ...links].join(" · "),
    renderAttemptMarker(view),
  ]
    .join("\n\n")
    .concat("\n");
}
