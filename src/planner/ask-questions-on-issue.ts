import { buildQuestionsExchange } from "../core/planner/build-questions-exchange.ts";
import { describePlannerFailure } from "../core/planner/describe-planner-failure.ts";
import { renderQuestionsComment } from "../core/planner/render-questions-comment.ts";
import { ZERO_SPENT } from "../core/planner/zero-spent.ts";
import type { PlannerStepInput, PlannerStepResult } from "./planner-step-input.ts";
import { readIssueGoal } from "./read-issue-goal.ts";
import { runExchange } from "./run-exchange.ts";

/**
 * `/foreman draft` on a goal: the model reads the goal and the repository context and asks its
 * clarifying questions, posted as the issue's one questions comment. Nothing is posted unless the
 * model gave usable questions.
 */
export async function askQuestionsOnIssue(input: PlannerStepInput): Promise<PlannerStepResult> {
  const { forge, config, issue } = input;
  const spec = buildQuestionsExchange(config, await readIssueGoal(input), ZERO_SPENT);
  const outcome = await runExchange(spec, input.call);
  if (outcome.kind !== "accepted")
    return { kind: "failed", reply: describePlannerFailure("questions", outcome) };
  const comment = await forge.ensureComment(
    issue.number,
    (marker) => marker.kind === "draft-questions" && marker.plan === issue.number,
    renderQuestionsComment({
      plan: issue.number,
      request: input.request,
      author: issue.author,
      questions: outcome.value,
      model: config.model,
      spent: outcome.spent,
    }),
  );
  return { kind: "posted", url: comment.url };
}
