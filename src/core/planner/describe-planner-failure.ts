import type { ExchangeOutcome } from "./model-exchange.ts";
import { neutralizeText } from "./neutralize-text.ts";

/**
 * Why a planner step posted nothing, for the reply to the command: the API's own error, or what was
 * wrong with the model's answers, and what to do next. Nothing was written in either case.
 */
export function describePlannerFailure(
  step: "questions" | "draft",
  outcome: Extract<ExchangeOutcome<unknown>, { kind: "api-error" | "rejected" }>,
): string {
  if (outcome.kind === "api-error") {
    const message = neutralizeText(outcome.message.replace(/\s+/g, " "));
    const what =
      outcome.status === null
        ? `could not reach the Messages API (${message})`
        : `the Messages API answered ${outcome.status} (${message})`;
    const key =
      outcome.status === 401 || outcome.status === 403
        ? " The app's `ANTHROPIC_API_KEY` was refused: its operator needs to set a valid key."
        : "";
    return `⚠️ ${step === "questions" ? "Asking the clarifying questions" : "Drafting the plan"} stopped: ${what}. Nothing was written.${key} Comment \`/foreman draft\` again to retry.`;
  }
  const why =
    outcome.reason === "budget"
      ? "the draft's budget (`planner.budget` in `.github/foreman.yml`) ran out"
      : `${outcome.rounds} answer${outcome.rounds === 1 ? "" : "s"} from the model were unusable`;
  // The model's words, in Foreman's own comment: no marker, no mention may survive.
  const problems = neutralizeText(outcome.problems.split("\n").slice(0, 12).join("\n"));
  const next =
    step === "questions"
      ? "Comment `/foreman draft --no-questions` to draft without questions."
      : "Comment `/foreman draft` to try again.";
  return `⚠️ No ${step === "questions" ? "questions" : "draft"} posted: ${why}. Nothing was written. ${next}\n\n<details><summary>What was wrong</summary>\n\n\`\`\`text\n${problems.replace(/`{3,}/g, "ʼʼʼ")}\n\`\`\`\n\n</details>`;
}
