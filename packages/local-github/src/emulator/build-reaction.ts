import { type BuildContext, buildNodeId, type Schemas } from "./build-context.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type { ReactionRecord } from "./emulator-state.ts";

export function buildReaction(context: BuildContext, reaction: ReactionRecord): Schemas["reaction"] {
  return {
    id: reaction.id,
    node_id: buildNodeId("Reaction", reaction.id),
    user: buildSimpleUser(context, reaction.userLogin),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
