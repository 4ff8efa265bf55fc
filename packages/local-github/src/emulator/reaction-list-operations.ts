import { buildReaction } from "./build-reaction.ts";
import { notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** Who reacted to a comment, and how: how the MCP server sees Foreman acknowledge a command. */
export function createReactionListOperations(): OperationHandlers {
  return {
    "reactions/list-for-issue-comment": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const comment = repo.comments.find((candidate) => candidate.id === Number(path.comment_id));
      if (!comment) throw notFound();
      const reactions = comment.reactions
        .filter((reaction) => query.content === undefined || reaction.content === query.content)
        .map((reaction) => buildReaction(runtime, reaction));
      const page = paginateList(reactions, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },
  };
}
