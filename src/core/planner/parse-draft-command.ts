/** The planner's commands: `/foreman draft [--no-questions]`, `/foreman answer …`, `/foreman accept`. */
export type DraftCommand =
  | { name: "draft"; noQuestions: boolean; text: string }
  /** `rest`: everything after `answer`, on its line and the lines below */
  | { name: "answer"; rest: string; text: string }
  | { name: "accept"; text: string };

/**
 * The comment's first `/foreman …` line outside code blocks and quotes, when it is one of the
 * planner's commands; null otherwise (another command, or none), so the other commands keep their
 * own handling.
 */
export function parseDraftCommand(body: string): DraftCommand | null {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let fenced = false;
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = /^\/foreman(?:\s+(\S+)(.*))?$/i.exec(line);
    if (!match) continue;
    const word = (match[1] ?? "").toLowerCase();
    const after = (match[2] ?? "").trim();
    if (word === "draft") {
      return { name: "draft", noQuestions: /(^|\s)--no-questions(\s|$)/i.test(after), text: line };
    }
    if (word === "accept") return { name: "accept", text: line };
    if (word === "answer" || word === "answers") {
      const rest = [after, ...lines.slice(index + 1)].join("\n").trim();
      return { name: "answer", rest, text: line };
    }
    return null;
  }
  return null;
}
