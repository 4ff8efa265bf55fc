import type { PlannerPromptInput } from "../core/planner/build-planner-prompt.ts";
import { buildRepositoryContext } from "../core/planner/build-repository-context.ts";
import { splitAtDraftText } from "../core/planner/split-at-draft-text.ts";
import type { PlannerStepInput } from "./planner-step-input.ts";
import { readForgeRepository } from "./read-forge-repository.ts";

/**
 * What the model reads about an issue's goal: its title and the body above any accepted draft, and
 * the repository's context from GitHub within the configured token budget.
 */
export async function readIssueGoal(
  input: PlannerStepInput,
): Promise<Pick<PlannerPromptInput, "goal" | "repositoryContext">> {
  const { issue } = input;
  const files = await readForgeRepository(input.forge);
  return {
    goal: {
      issue: issue.number,
      title: issue.title,
      author: issue.author,
      text: splitAtDraftText(issue.body, issue.number)?.before ?? issue.body,
    },
    repositoryContext: buildRepositoryContext(files, input.config.contextTokens),
  };
}
