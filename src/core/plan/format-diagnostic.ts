import type { Diagnostic } from "../graph/task-graph.ts";

/** `- **line 12:5** — message` and the hint below it: how every plan problem is shown to people. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const hint = diagnostic.hint.trim() === "" ? "" : `\n  ${diagnostic.hint.trim()}`;
  return `- **line ${diagnostic.line}:${diagnostic.column}** — ${diagnostic.message.trim()}${hint}`;
}
