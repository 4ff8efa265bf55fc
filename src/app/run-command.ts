import { decideCommand } from "../core/commands/decide-command.ts";
import { describeReplan } from "../core/commands/describe-replan.ts";
import { formatMarker } from "../core/plan/format-marker.ts";
import type { EventRoute } from "../core/plan/route-event.ts";
import { loadPlan } from "../shell/load-plan.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import { confirmPlanClaim } from "./confirm-plan-claim.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";

/**
 * A `/foreman …` comment on a plan or one of its task issues. Writers' commands are acknowledged with a
 * reaction, carried out, and followed by a reconcile; others get a short polite refusal; bots are
 * ignored unless allow-listed. Every answer carries a marker naming the command comment, so a
 * redelivered webhook is answered once; none repeats the comment's text.
 */
export async function runCommand(
  context: ForemanEventContext,
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
  const planNumber = claim.plan;
  const { owner, repo } = context.repo();
  await dependencies.queue.run(planKey(owner, repo, planNumber), async () => {
    const loaded = await loadPlan(forge, repository.shell.config, planNumber);
    if (!loaded) {
      await reply(`plan #${planNumber} no longer exists.`);
      return;
    }
    const decision = decideCommand({
      command: route.command,
      actor: author,
      snapshot: loaded.snapshot,
      document: loaded.document,
      spec: route.spec ?? loaded.document.spec,
      taskOfIssue: claim.task,
      planLabel: repository.config.label,
      formatReferenceUrl: dependencies.formatReferenceUrl,
    });
    await forge.addCommentReaction(comment.id, decision.reaction);
    const result = await runPlanReconcile(repository.shell, {
      planNumber,
      intent: decision.intent,
      loaded,
      first: decision.writes,
    });
    if (decision.reply?.kind === "text") await reply(decision.reply.text);
    if (decision.reply?.kind === "replan")
      await reply(describeReplan({ before: loaded, after: result.loaded, writes: result.writes }));
  });
}
