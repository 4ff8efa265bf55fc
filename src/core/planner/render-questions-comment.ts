import { formatMarker } from "../plan/format-marker.ts";
import { describeSpent } from "./describe-spent.ts";
import type { DraftQuestion } from "./draft-graph-schema.ts";
import type { Spent } from "./model-exchange.ts";
import { neutralizeText } from "./neutralize-text.ts";

export type QuestionsView = {
  plan: number;
  /** the `/foreman draft` comment that asked */
  request: number;
  /** who is asked (the plan's author) */
  author: string;
  questions: readonly DraftQuestion[];
  model: string;
  spent: Spent;
};

/**
 * The one comment with the planner's clarifying questions, each with its suggested default, and how to
 * answer. The questions and defaults travel in the marker too, so answers map to them exactly.
 */
export function renderQuestionsComment(view: QuestionsView): string {
  const count = view.questions.length;
  const list = view.questions.map(
    (question, index) =>
      `**${index + 1}. ${neutralizeText(oneLine(question.question))}**\n   Default: ${neutralizeText(oneLine(question.default))}`,
  );
  const example = [
    "```",
    "/foreman answer",
    ...view.questions.slice(0, 2).map((_, index) => `${index + 1}. …`),
    "```",
  ].join("\n");
  const marker = formatMarker({
    kind: "draft-questions",
    plan: view.plan,
    request: view.request,
    questions: JSON.stringify(view.questions),
    input: view.spent.inputTokens,
    output: view.spent.outputTokens,
    calls: view.spent.calls,
    ...(view.spent.usd === null ? {} : { cost: Number(view.spent.usd.toFixed(6)) }),
  });
  return [
    `### 🧭 ${count} questions before I draft the plan`,
    `@${view.author}, answer in one comment: \`/foreman answer\` with numbered answers, or quote a question and write your answer under it. A question you leave out takes its default.`,
    list.join("\n\n"),
    example,
    "Then I post a draft plan here for you to check. `/foreman draft` drafts at once with the answers so far; nothing runs until a writer comments `/foreman accept`.",
    `<sub>${describeSpent(view.spent, view.model)}</sub>`,
    `${marker}\n`,
  ].join("\n\n");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
