import { formatMarker } from "../core/plan/format-marker.ts";
import type { EventRoute } from "../core/plan/route-event.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import { carryOutCommand } from "./carry-out-command.ts";
import { confirmPlanClaim } from "./confirm-plan-claim.ts";
import type { OpenRepository } from "./open-repository.ts";

/**
 * A `/foreman …` comment on a plan or one of its task issues. Writers' commands are acknowledged with a
 * reaction, carried out, and followed by a reconcile; others get a short polite refusal; bots are
 * ignored unless allow-listed. Every answer carries a marker naming the command comment, so a
 * redelivered webhook is answered once; none repeats the comment's text.
 */
export async function runCommand(
  dependencies: AppDependencies,
  repository: OpenRepository,
  route: Extract<EventRoute, { kind: "command" }>,
): Promise<void> {
  const { forge } = repository.shell;
  const { comment, claim, issueNumber } = route;
  const author = comment.author.login;
  const verdict = await authorizeSender(comment.author, repository);
  if (verdict === "ignore") return;
  const reply = (text: string) =>
    forge.ensureComment(
      issueNumber,
      (marker) => marker.kind === "reply" && marker.comment === comment.id,
      `@${author} ${text}\n\n${formatMarker({ kind: "reply", comment: comment.id })}\n`,
    );
  if (verdict === "refuse") {
    await reply("sorry, only people with write access to this repository can give Foreman commands.");
    return;
  }
  if (!(await confirmPlanClaim(claim, repository))) {
    await reply(`this issue is not part of plan #${claim.plan}, so there is nothing to do here.`);
    return;
  }
  await carryOutCommand(dependencies, repository, {
    planNumber: claim.plan,
    command: route.command,
    actor: author,
    spec: route.spec,
    taskOfIssue: claim.task,
    acknowledge: (reaction) => forge.addCommentReaction(comment.id, reaction),
    reply: async (text) => (text === null ? undefined : reply(text)),
  });
}
