import type { Diagnostic } from "../graph/task-graph.ts";
import { formatDiagnostic } from "./format-diagnostic.ts";
import { formatMarker } from "./format-marker.ts";
import { limitBody } from "./limit-body.ts";

export type InvalidPlanView = {
  planNumber: number;
  /** every diagnostic of the plan; errors keep it from starting, warnings are listed after them */
  diagnostics: readonly Diagnostic[];
  /** the label that starts a plan, to say how to try again */
  label: string;
  formatReferenceUrl: string;
};

/** Problems listed one by one; a plan with more gets the count of the rest (fix these first). */
const MAX_LISTED = 200;
/** Long lists fold away so the plan issue stays readable. */
const OPEN_LIST_LIMIT = 8;

/**
 * The one comment an invalid plan gets: every problem with its line and a hint, how to retry, and
 * where the format is described. With no errors left it says the plan is valid now.
 */
export function renderInvalidPlanComment(view: InvalidPlanView): string {
  const marker = formatMarker({ kind: "invalid", plan: view.planNumber });
  const shown = (lines: readonly Diagnostic[]) => {
    const listed = lines.slice(0, MAX_LISTED).map(formatDiagnostic);
    return lines.length > MAX_LISTED ? [...listed, `- … and ${lines.length - MAX_LISTED} more`] : listed;
  };
  const errors = view.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length === 0) {
    return `### ✅ Plan problems fixed\n\nThe plan is valid now and has started; the tracking comment below shows its tasks.\n\n${marker}\n`;
  }
  const warnings = view.diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
  const problems = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  const sections = [
    `### ❌ Foreman can't start this plan: ${problems}`,
    `Nothing was created. Fix the issue text, then remove and re-add the \`${view.label}\` label (or comment \`/foreman start\`). The task format is described in [docs/task-format.md](${view.formatReferenceUrl}).`,
    foldable(problems, shown(errors), errors.length > OPEN_LIST_LIMIT ? "" : " open"),
  ];
  if (warnings.length > 0) {
    sections.push(
      foldable(`${warnings.length} warning${warnings.length === 1 ? "" : "s"}`, shown(warnings), ""),
    );
  }
  return limitBody(sections.join("\n\n"), marker);
}

function foldable(summary: string, lines: string[], open: string): string {
  return `<details${open}><summary><b>${summary}</b></summary>\n\n${lines.join("\n")}\n\n</details>`;
}
