import type { Diagnosis } from "./diagnose-setup.ts";
import type { DoctorCheck } from "./doctor-check.ts";

const MARKS: Record<DoctorCheck["outcome"], string> = { ok: "✓", missing: "✗", warning: "!", unknown: "?" };

/** The doctor's findings for a terminal: one line per check, its details and fix indented below. */
export function renderDiagnosis(diagnosis: Diagnosis): string {
  const lines = [
    `Foreman setup of ${diagnosis.repository} (default branch ${diagnosis.defaultBranch}), seen as ${diagnosis.as}:`,
    "",
  ];
  for (const check of diagnosis.checks) {
    lines.push(`${MARKS[check.outcome]} ${check.name}: ${check.summary}`);
    for (const detail of check.details) lines.push(`    - ${detail}`);
    if (check.fix && check.outcome !== "ok") lines.push(`    fix: ${check.fix}`);
  }
  const missing = diagnosis.checks.filter((check) => check.outcome === "missing").length;
  lines.push(
    "",
    missing === 0
      ? "Ready: write a plan in an issue and add the `foreman` label."
      : `${missing} thing${missing === 1 ? "" : "s"} missing: fix ${missing === 1 ? "it" : "them"} and run \`foreman doctor\` again.`,
    "",
  );
  return lines.join("\n");
}
