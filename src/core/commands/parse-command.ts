import { COMMAND_NAMES, type CommandName, type ForemanCommand } from "./foreman-command.ts";

/**
 * The first `/foreman …` line of a comment, outside code blocks and quotes (a quoted or fenced
 * command is being talked about, not given). Null when the comment has none. `/foreman` alone asks
 * for help; `retry` and `skip` take a task id.
 */
export function parseCommand(body: string): ForemanCommand | null {
  let fenced = false;
  for (const rawLine of body.replace(/\r\n?/g, "\n").split("\n")) {
    const line = rawLine.trim();
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = /^\/foreman(?:\s+(.*))?$/i.exec(line);
    if (!match) continue;
    const [word = "help", ...rest] = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
    const name = COMMAND_NAMES.find((known) => known === word.toLowerCase());
    if (!name) return { kind: "unknown", text: line };
    return { kind: "command", name, task: takesTask(name) ? (rest[0] ?? null) : null, text: line };
  }
  return null;
}

function takesTask(name: CommandName): boolean {
  return name === "retry" || name === "skip";
}
