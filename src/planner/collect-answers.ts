import type { Permission } from "../core/commands/foreman-command.ts";
import type { DraftQuestion } from "../core/planner/draft-graph-schema.ts";
import { parseAnswers } from "../core/planner/parse-answers.ts";
import { parseDraftCommand } from "../core/planner/parse-draft-command.ts";
import { resolveAnswers } from "../core/planner/resolve-answers.ts";
import type { ResolvedAnswer } from "../core/planner/resolved-answer.ts";
import type { Forge } from "../github/forge.ts";

const WRITERS: ReadonlySet<Permission> = new Set(["admin", "maintain", "write"]);

/**
 * The answers that hold for the questions, from the comments written after them: `/foreman answer`
 * comments and replies quoting the questions, by the plan's author or people with write access only
 * (anyone else's text never reaches the model). Later answers replace earlier ones.
 */
export async function collectAnswers(
  forge: Forge,
  issue: { number: number; author: string },
  questions: { commentId: number; list: readonly DraftQuestion[] },
): Promise<ResolvedAnswer[]> {
  const comments = (await forge.listComments(issue.number)).filter(
    (comment) => comment.id > questions.commentId && comment.author !== forge.selfLogin,
  );
  const permissions = new Map<string, Promise<Permission>>();
  const mayAnswer = async (login: string): Promise<boolean> => {
    if (login === issue.author) return true;
    if (login.endsWith("[bot]")) return false;
    if (!permissions.has(login)) permissions.set(login, forge.getPermission(login));
    return WRITERS.has(await (permissions.get(login) ?? Promise.resolve("none")));
  };
  const answering = [];
  for (const comment of comments) {
    const command = parseDraftCommand(comment.body);
    const parsed =
      command?.name === "answer"
        ? parseAnswers(command.rest, questions.list)
        : command === null
          ? parseAnswers(comment.body, questions.list)
          : null;
    if (parsed === null || (command === null && !parsed.quotesQuestions)) continue;
    if (parsed.answers.size === 0 || !(await mayAnswer(comment.author))) continue;
    answering.push({ by: comment.author, answers: parsed.answers });
  }
  return resolveAnswers(questions.list, answering);
}
