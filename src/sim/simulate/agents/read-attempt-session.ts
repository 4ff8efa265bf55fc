import type { MessagesRequestBody } from "@foreman/local-github";

/** Which attempt a Messages API request belongs to, and how far into its session it is. */
export type AttemptSession = {
  plan: number;
  task: string;
  attempt: number;
  /** the job's checkout, where Claude Code runs */
  workspace: string;
  /** the model's turns so far in this session: the index of the turn to play next */
  turn: number;
};

/** The top of the prompt the Action builds (src/core/context/build-task-context.ts). */
const PROMPT_HEADER = /^# Foreman task (\S+), attempt (\d+)\n+[^\n]*\bplan #(\d+)\b/;
const WORKING_DIRECTORY = /Primary working directory: ([^\s"\\]+)/;

/**
 * Reads the attempt from a main-loop request itself, so concurrent jobs sharing one fake API never
 * take each other's turns: the plan, task and attempt from the Action's prompt header — the last
 * text of the first user message, after anything Claude Code puts before it (a repository's own
 * CLAUDE.md cannot stand in for it) — the workspace from what Claude Code tells the model of its environment, and the turn
 * from the conversation's assistant messages. Null for a request that is not an attempt's.
 */
export function readAttemptSession(body: MessagesRequestBody): AttemptSession | null {
  const first = body.messages.find((message) => message.role === "user");
  const texts = textsOf(first?.content);
  const header = PROMPT_HEADER.exec(texts.at(-1)?.trimStart() ?? "");
  const workspace = WORKING_DIRECTORY.exec(
    JSON.stringify([
      body.system ?? "",
      ...body.messages.filter((message) => message.role === "system").map((message) => message.content),
    ]),
  )?.[1];
  if (!header || workspace === undefined) return null;
  return {
    task: header[1] ?? "",
    attempt: Number(header[2]),
    plan: Number(header[3]),
    workspace,
    turn: body.messages.filter((message) => message.role === "assistant").length,
  };
}

function textsOf(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block: unknown) =>
    typeof block === "object" &&
    block !== null &&
    "type" in block &&
    block.type === "text" &&
    "text" in block &&
    typeof block.text === "string"
      ? [block.text]
      : [],
  );
}
