import { splitAtDraftText } from "./split-at-draft-text.ts";
import { wrapDraftText } from "./wrap-draft-text.ts";

/**
 * The plan issue's body with an accepted draft: the goal as the author wrote it stays above, the
 * draft's task markdown follows between its markers. A draft accepted earlier is replaced, and what
 * someone wrote below it is kept.
 */
export function composePlanBody(body: string, plan: number, markdown: string): string {
  const split = splitAtDraftText(body, plan);
  const goal = (split === null ? body : split.before).replace(/\r\n?/g, "\n").trim();
  const after = split === null ? "" : split.after;
  return `${[goal, wrapDraftText(plan, markdown), after].filter((part) => part !== "").join("\n\n")}\n`;
}
