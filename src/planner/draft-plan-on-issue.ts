import { buildDraftExchange } from "../core/planner/build-draft-exchange.ts";
import { describePlannerFailure } from "../core/planner/describe-planner-failure.ts";
import { renderDraftComment } from "../core/planner/render-draft-comment.ts";
import { ZERO_SPENT } from "../core/planner/zero-spent.ts";
import { collectAnswers } from "./collect-answers.ts";
import type { PlannerStepInput, PlannerStepResult } from "./planner-step-input.ts";
import type { DraftState } from "./read-draft-state.ts";
import { readIssueGoal } from "./read-issue-goal.ts";
import { runExchange } from "./run-exchange.ts";

/**
 * The draft plan: the goal, the repository context and the answers so far (defaults for the rest) go
 * to the model; its plan is compiled and repaired from the compiler's problems; the result is posted
 * as one draft comment keyed by the comment that asked — valid, or with its problems and never
 * applied. An API error posts nothing.
 */
export async function draftPlanOnIssue(
  input: PlannerStepInput & { questions: DraftState["questions"] },
): Promise<PlannerStepResult> {
  const { forge, config, issue, questions } = input;
  const answers =
    questions === null
      ? []
      : await collectAnswers(forge, issue, { commentId: questions.comment.id, list: questions.list });
  const spec = buildDraftExchange(
    config,
    { ...(await readIssueGoal(input)), answers },
    questions?.spent ?? ZERO_SPENT,
  );
  const outcome = await runExchange(spec, input.call);
  if (
    outcome.kind === "api-error" ||
    (outcome.kind === "rejected" && outcome.candidate === null && outcome.rounds === 0)
  ) {
    return { kind: "failed", reply: describePlannerFailure("draft", outcome) };
  }
  const result =
    outcome.kind === "accepted"
      ? {
          kind: "valid" as const,
          markdown: outcome.value.markdown,
          graph: outcome.value.graph,
          warnings: outcome.warnings,
        }
      : {
          kind: "invalid" as const,
          reason: outcome.reason,
          markdown: outcome.candidate?.markdown ?? null,
          graph: outcome.candidate?.graph ?? null,
          problems: outcome.problems,
        };
  const comment = await forge.ensureComment(
    issue.number,
    (marker) => marker.kind === "draft" && marker.plan === issue.number && marker.request === input.request,
    renderDraftComment({
      plan: issue.number,
      request: input.request,
      model: config.model,
      spent: outcome.spent,
      rounds: outcome.rounds,
      answers,
      result,
    }),
  );
  return { kind: "posted", url: comment.url };
}
