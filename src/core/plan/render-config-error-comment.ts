import type { ConfigProblem } from "../config/parse-config.ts";
import { escapeUserText } from "./escape-user-text.ts";
import { formatMarker } from "./format-marker.ts";
import { limitBody } from "./limit-body.ts";

export type ConfigErrorView = {
  planNumber: number;
  problems: readonly ConfigProblem[];
  /** link to `.github/foreman.yml` on the default branch */
  configUrl: string;
  label: string;
};

/** Why the plan did not start because of `.github/foreman.yml`, naming each key; or that it is fixed. */
export function renderConfigErrorComment(view: ConfigErrorView): string {
  const marker = formatMarker({ kind: "config-error", plan: view.planNumber });
  const file = `[\`.github/foreman.yml\`](${view.configUrl})`;
  if (view.problems.length === 0) {
    return `### ✅ ${file} is valid now\n\n${marker}\n`;
  }
  const count = view.problems.length === 1 ? "1 problem" : `${view.problems.length} problems`;
  // Keys and values come from the file someone committed: escaped like any text from people.
  const lines = view.problems.map((problem) =>
    escapeUserText(problem.key === "" ? `- ${problem.message}` : `- \`${problem.key}\` ${problem.message}`),
  );
  return limitBody(
    [
      `### ⚙️ Foreman can't start: ${file} has ${count}`,
      lines.join("\n"),
      `Nothing was created. Fix the file on the default branch, then remove and re-add the \`${escapeUserText(view.label)}\` label (or comment \`/foreman start\`).`,
    ].join("\n\n"),
    marker,
  );
}
