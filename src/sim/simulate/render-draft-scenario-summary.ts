import { renderSimulationSummary } from "./render-simulation-summary.ts";
import type { DraftScenarioSummary } from "./run-draft-scenario.ts";

/** The usual simulation summary, then what the planner did on the way to the plan. */
export function renderDraftScenarioSummary(summary: DraftScenarioSummary): string {
  const { draft } = summary;
  const repaired = draft.repaired.length > 0 ? ` (repaired: ${draft.repaired.join(", ")})` : "";
  return `${renderSimulationSummary(summary)}Planner: issue #${draft.issue}, ${draft.questions} questions, ${draft.rounds} draft rounds${repaired}, ${draft.modelCalls} model calls, ${draft.accepted ? "accepted and started" : "not accepted"}\n`;
}
