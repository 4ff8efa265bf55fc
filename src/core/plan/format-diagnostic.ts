import type { Diagnostic } from "../graph/task-graph.ts";
import { escapeUserText } from "./escape-user-text.ts";

/** `- **line 12:5** — message` and the hint below it: how every plan problem is shown to people. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  // Messages quote the plan's text: escaped, though the issue numbers they name stay links.
  const safe = (text: string) => escapeUserText(text.trim().replace(/\r?\n/g, " "), { references: false });
  const hint = diagnostic.hint.trim() === "" ? "" : `\n  ${safe(diagnostic.hint)}`;
  return `- **line ${diagnostic.line}:${diagnostic.column}** — ${safe(diagnostic.message)}${hint}`;
}
