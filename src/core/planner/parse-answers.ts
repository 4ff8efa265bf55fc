/** A numbered answer line: `1. …`, `2) …`, `3: …`, `Q4 - …`, `**5.** …`, `- 6. …`. */
const NUMBERED =
  /^(?:[-*+]\s+)?(?:\*\*)?(?:q(?:uestion)?\s*)?#?(\d{1,2})(?:\*\*)?\s*[.):–-](?:\*\*)?\s*(.*)$/i;
/** An answer that means "take the suggested default". */
const TAKES_DEFAULT =
  /^(?:(?:use|keep|take|go with)\s+)?(?:the\s+)?(?:suggested\s+)?default(?:\s+is\s+fine|\s+please|\s+answer)?[.!]?$/i;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`~]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The question a quoted line repeats: by its number as Foreman wrote it, or by its words. */
function quotedQuestion(line: string, questions: readonly { question: string }[]): number | null {
  const text = normalise(line);
  const numbered = /^(\d{1,2})[.)]\s*(.*)$/.exec(text);
  const number = numbered ? Number(numbered[1]) : null;
  if (number !== null && number >= 1 && number <= questions.length) return number;
  if (text.length < 12) return null;
  const index = questions.findIndex((candidate) => {
    const question = normalise(candidate.question);
    return question.includes(text) || text.includes(question);
  });
  return index === -1 ? null : index + 1;
}

/**
 * The answers a comment gives to numbered questions: numbered lines (`2. Redis`), or, in a reply that
 * quotes the questions, the text under each quoted question. An answer saying "default" takes the
 * suggested default (null). Lines below an answer continue it; code blocks are kept as written.
 * Numbers without a question are left out, and so is everything quoted; `quotesQuestions` tells a
 * reply to the questions from any other comment.
 */
export function parseAnswers(
  text: string,
  questions: readonly { question: string }[],
): { answers: Map<number, string | null>; quotesQuestions: boolean } {
  const collected = new Map<number, string[]>();
  let current: number | null = null;
  let fenced = false;
  let quotesQuestions = false;
  for (const rawLine of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trim();
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && line.startsWith(">")) {
      const quoted = quotedQuestion(line.replace(/^(?:>\s*)+/, ""), questions);
      if (quoted !== null) {
        current = quoted;
        quotesQuestions = true;
      }
      continue;
    }
    // An indented numbered line is a list inside an answer, not the next answer.
    const numbered = fenced || /^\s{2,}/.test(rawLine) ? null : NUMBERED.exec(line);
    const number = numbered ? Number(numbered[1]) : null;
    if (numbered && number !== null) {
      // A number without a question ends the answer before it rather than joining it.
      current = number >= 1 && number <= questions.length ? number : null;
      if (current !== null) collected.set(current, [numbered[2] ?? ""]);
      continue;
    }
    if (current === null) continue;
    collected.set(current, [...(collected.get(current) ?? []), rawLine]);
  }
  const answers = new Map<number, string | null>();
  for (const [number, lines] of [...collected].sort((a, b) => a[0] - b[0])) {
    const answer = lines.join("\n").trim();
    if (answer === "") continue;
    answers.set(number, TAKES_DEFAULT.test(answer) ? null : answer);
  }
  return { answers, quotesQuestions };
}
