import { findPlanProblems } from "./find-plan-problems.ts";
import { INVALID_LABEL } from "./foreman-labels.ts";
import type { PlanRound, PlanStep } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";
import { renderApprovalComment } from "./render-approval-comment.ts";
import { renderStaleApprovalComment } from "./render-stale-approval-comment.ts";
import { resolveStaleComment } from "./resolve-stale-comment.ts";
import { upsertPlanComment } from "./upsert-plan-comment.ts";

/** The default plan label, named in texts about problems that are not about the config. */
const DEFAULT_LABEL = "foreman";

/**
 * The pinned spec (DESIGN.md "Untrusted text stays untrusted"). A writer's start approves the text its
 * event carried: recorded in Foreman's approval comment when that text is still the issue's and has no
 * problems; refused with the problems listed when it has some; refused with a note when the issue was
 * edited in between. Nothing after this planner runs for a plan no writer approved.
 */
export function decideApproval(round: PlanRound): PlanStep {
  const { view, snapshot, document, planNumber, texts } = round;
  const intent =
    round.intent.kind === "start-if-new" && view.approval === null
      ? { ...round.intent, kind: "approve" as const }
      : round.intent;
  if (intent.kind === "approve" && view.approval?.spec !== intent.spec) {
    const stale = view.comments.get("approval-stale")?.comment;
    // A lost start whose text is unknown: a plan that already says why it did not start needs no second note.
    if (intent.spec === null && (stale !== undefined || view.comments.has("invalid")))
      return { writes: [], stop: true };
    if (intent.spec !== document.spec) {
      const body = renderStaleApprovalComment({
        planNumber,
        by: intent.by,
        approvedSpec: intent.spec,
        currentSpec: document.spec,
        resolved: false,
      });
      return { writes: upsertPlanComment(snapshot, stale, body), stop: true };
    }
    const problems = findPlanProblems(snapshot, document, round.settings?.phaseIssues ?? "auto");
    if (problems.length > 0) {
      const body = texts.invalidPlanComment({
        planNumber,
        diagnostics: [
          ...problems,
          ...document.graph.diagnostics.filter((item) => item.severity === "warning"),
        ],
        label: round.label,
      });
      const writes = upsertPlanComment(snapshot, view.comments.get("invalid")?.comment, body);
      if (!snapshot.plan.labels.includes(INVALID_LABEL)) {
        writes.push({ kind: "add-labels", number: planNumber, labels: [INVALID_LABEL] });
      }
      return { writes, stop: true };
    }
    const body = renderApprovalComment({
      planNumber,
      spec: document.spec,
      by: intent.by,
      again: view.approval !== null,
    });
    return { writes: upsertPlanComment(snapshot, view.comments.get("approval")?.comment, body), stop: true };
  }
  if (view.approval === null) return { writes: [], stop: true };
  if (view.mode !== "approved") return { writes: [], stop: false };
  // The approved text is the current one: problems reported for earlier starts are gone.
  const writes: PlanWrite[] = [];
  if (snapshot.plan.labels.includes(INVALID_LABEL))
    writes.push({ kind: "remove-label", number: planNumber, label: INVALID_LABEL });
  writes.push(
    ...resolveStaleComment(snapshot, view.comments.get("invalid"), () =>
      texts.invalidPlanComment({ planNumber, diagnostics: [], label: DEFAULT_LABEL }),
    ),
    ...resolveStaleComment(snapshot, view.comments.get("approval-stale"), () =>
      renderStaleApprovalComment({
        planNumber,
        by: view.approval?.by ?? "",
        approvedSpec: document.spec,
        currentSpec: document.spec,
        resolved: true,
      }),
    ),
  );
  return { writes, stop: false };
}
