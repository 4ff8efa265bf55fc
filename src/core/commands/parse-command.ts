import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { COMMAND_NAMES, type CommandName, type ForemanCommand } from "./foreman-command.ts";

const COMMAND_LINE = /^\/foreman(?:\s+(.*))?$/i;

/**
 * The first `/foreman …` line of a comment, read only from what GitHub shows as top-level paragraph
 * text: never from code (fenced with either character or any length, indented, inline), quotes,
 * lists, or HTML comments, which hide text from readers. Null when the comment has none. `/foreman`
 * alone asks for help; `retry` and `skip` take a task id.
 */
export function parseCommand(body: string): ForemanCommand | null {
  if (!/\/foreman/i.test(body)) return null;
  const tree = fromMarkdown(body.replace(/\r\n?/g, "\n"));
  for (const node of tree.children) {
    if (node.type !== "paragraph") continue;
    for (const rawLine of visibleText(node).split("\n")) {
      const line = rawLine.trim();
      const match = COMMAND_LINE.exec(line);
      if (!match) continue;
      const [word = "help", ...rest] = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
      const name = COMMAND_NAMES.find((known) => known === word.toLowerCase());
      if (!name) return { kind: "unknown", text: line };
      return { kind: "command", name, task: takesTask(name) ? (rest[0] ?? null) : null, text: line };
    }
  }
  return null;
}

/** A paragraph's text as readers see it: without inline HTML (comments, tags) and inline code. */
function visibleText(node: Nodes): string {
  if (node.type === "html" || node.type === "inlineCode") return "";
  if (node.type === "text") return node.value;
  if (node.type === "break") return "\n";
  return "children" in node ? node.children.map(visibleText).join("") : "";
}

function takesTask(name: CommandName): boolean {
  return name === "retry" || name === "skip";
}
