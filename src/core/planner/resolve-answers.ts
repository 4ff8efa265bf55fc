import type { DraftQuestion } from "./draft-graph-schema.ts";
import type { ResolvedAnswer } from "./resolved-answer.ts";

/**
 * What holds for each question after every answer comment, in the order they were written: a later
 * answer to a question replaces an earlier one, "default" brings the default back, and a question
 * nobody answered keeps its default. The comments must already be the ones allowed to answer.
 */
export function resolveAnswers(
  questions: readonly DraftQuestion[],
  comments: ReadonlyArray<{ by: string; answers: ReadonlyMap<number, string | null> }>,
): ResolvedAnswer[] {
  return questions.map((question, index) => {
    const number = index + 1;
    let answer: string | null = null;
    let by: string | null = null;
    for (const comment of comments) {
      if (!comment.answers.has(number)) continue;
      answer = comment.answers.get(number) ?? null;
      by = answer === null ? null : comment.by;
    }
    return { number, question: question.question, default: question.default, answer, by };
  });
}
