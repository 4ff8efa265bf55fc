import { isValidGraph, parsePlan } from "../graph/parse-plan.ts";
import type { TaskGraph } from "../graph/task-graph.ts";
import { formatDiagnostic } from "../plan/format-diagnostic.ts";
import { hashPlanText } from "../plan/hash-plan-text.ts";
import { composePlanBody } from "./compose-plan-body.ts";

/** GitHub's limit for an issue body. */
const ISSUE_BODY_LIMIT = 65_536;

export type Acceptance =
  | { kind: "ready"; body: string; graph: TaskGraph; unchanged: boolean }
  | { kind: "problems"; message: string };

function shapeOf(graph: TaskGraph): string {
  return graph.tasks.map((task) => `${task.id}<${task.deps.map((dep) => dep.id).join(",")}`).join(" ");
}

/**
 * What `/foreman accept` writes: the draft's text (as the draft comment holds it now, edits included)
 * compiled again, then placed below the goal in the plan body. Refused, with the reasons, when the
 * text has errors or when the goal above it would change the tasks the draft shows (a goal holding
 * task lines of its own), since a person approved exactly that draft.
 */
export function prepareAcceptance(planBody: string, plan: number, draftText: string): Acceptance {
  const draft = parsePlan(draftText);
  if (!isValidGraph(draft) || draft.tasks.length === 0) {
    const errors = draft.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    return {
      kind: "problems",
      message: `the draft's plan text has ${errors.length === 1 ? "a problem" : `${errors.length} problems`}, so nothing was written (lines count from the draft's first line):\n\n${errors.map(formatDiagnostic).join("\n")}`,
    };
  }
  const body = composePlanBody(planBody, plan, draftText);
  const combined = parsePlan(body);
  if (!isValidGraph(combined) || shapeOf(combined) !== shapeOf(draft)) {
    const extra = combined.tasks.filter((task) => !draft.tasks.some((wanted) => wanted.id === task.id));
    const which = extra.length > 0 ? ` (${extra.map((task) => task.id).join(", ")})` : "";
    return {
      kind: "problems",
      message: `with the goal above it, the issue would hold other tasks than the draft${which}: the goal text has task headings or checklist items of its own. Move them out of the goal (or into the draft), then \`/foreman accept\` again. Nothing was written.`,
    };
  }
  if (body.length > ISSUE_BODY_LIMIT) {
    return {
      kind: "problems",
      message: `with the goal above it, the plan would be ${body.length} characters, more than the ${ISSUE_BODY_LIMIT} a GitHub issue holds. Shorten the goal or the draft, then \`/foreman accept\` again. Nothing was written.`,
    };
  }
  return { kind: "ready", body, graph: combined, unchanged: hashPlanText(body) === hashPlanText(planBody) };
}
