import type { Schemas } from "./build-context.ts";
import type { ReactionRecord } from "./emulator-state.ts";

/** The per-content reaction counts GitHub embeds in issues and comments. */
export function buildReactionRollup(url: string, reactions: ReactionRecord[]): Schemas["reaction-rollup"] {
  const count = (content: ReactionRecord["content"]) =>
    reactions.filter((reaction) => reaction.content === content).length;
  return {
    url,
    total_count: reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    confused: count("confused"),
    heart: count("heart"),
    hooray: count("hooray"),
    eyes: count("eyes"),
    rocket: count("rocket"),
  };
}
