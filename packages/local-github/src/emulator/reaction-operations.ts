import { buildReaction } from "./build-reaction.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { ReactionRecord } from "./emulator-state.ts";
import { notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";

/** Adds a reaction unless the same user already left the same one: then GitHub answers 200 with it. */
function react(
  runtime: EmulatorRuntime,
  reactions: ReactionRecord[],
  login: string,
  content: ReactionRecord["content"],
): { status: 200 | 201; reaction: ReactionRecord } {
  const existing = reactions.find((reaction) => reaction.userLogin === login && reaction.content === content);
  if (existing) return { status: 200, reaction: existing };
  const reaction: ReactionRecord = {
    id: runtime.allocateId(),
    content,
    userLogin: login,
    createdAt: runtime.now(),
  };
  reactions.push(reaction);
  return { status: 201, reaction };
}

/** Reactions on issues and on issue comments. */
export function createReactionOperations(): OperationHandlers {
  return {
    "reactions/create-for-issue": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const { status, reaction } = react(runtime, issue.reactions, actor.login, body.content);
      return { status, body: buildReaction(runtime, reaction) };
    },

    "reactions/create-for-issue-comment": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const comment = repo.comments.find((candidate) => candidate.id === Number(path.comment_id));
      if (!comment) throw notFound();
      const { status, reaction } = react(runtime, comment.reactions, actor.login, body.content);
      return { status, body: buildReaction(runtime, reaction) };
    },
  };
}
