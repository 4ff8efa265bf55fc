import type { Context } from "probot";
import { authorizeActor } from "../core/commands/authorize-actor.ts";
import { decideCommand } from "../core/commands/decide-command.ts";
import { parseCommand } from "../core/commands/parse-command.ts";
import { applyPlanAction } from "../core/plan/apply-plan-action.ts";
import { formatMarker } from "../core/plan/format-marker.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { executePlanAction } from "../github/execute-plan-action.ts";
import { retryTransient } from "../github/retry-transient.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { handleDraftCommand } from "./handle-draft-command.ts";
import { loadPlan } from "./load-plan.ts";
import { openRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { runPlanReconcile } from "./run-plan-reconcile.ts";

/**
 * A `/foreman …` comment on a plan or one of its task issues. Writers' commands are acknowledged
 * with a reaction, carried out, and followed by a reconcile; others get a short polite refusal; bots
 * are ignored unless allow-listed. Every answer carries a marker naming the command comment, so a
 * redelivered webhook is answered once.
 */
export async function handleIssueComment(
  context: Context<"issue_comment.created">,
  dependencies: AppDependencies,
): Promise<void> {
  const { comment, issue } = context.payload;
  const author = comment.user;
  if (!author || author.login === (await dependencies.selfLogin()) || issue.pull_request) return;
  if (await handleDraftCommand(context, dependencies)) return;
  const command = parseCommand(comment.body);
  if (!command) return;
  const log = (message: string) => context.log.warn(message);
  const repository = await retryTransient(() => openRepository(context, dependencies), log);
  const { forge } = repository.reconcile;
  const config = repository.config.result;
  const verdict = await retryTransient(
    () =>
      authorizeActor(
        { login: author.login, type: author.type ?? "User" },
        {
          selfLogin: repository.selfLogin,
          allowBots: config.ok ? config.config.allowBots : [],
          permission: () => forge.getPermission(author.login),
        },
      ),
    log,
  );
  if (verdict === "ignore") return;
  const reply = (text: string) =>
    retryTransient(
      () =>
        forge.ensureComment(
          issue.number,
          (marker) => marker.kind === "reply" && marker.comment === comment.id,
          `> ${command.text}\n\n@${author.login} ${text}\n\n${formatMarker({ kind: "reply", comment: comment.id })}\n`,
        ),
      log,
    );
  if (verdict === "refuse") {
    await reply("sorry, only people with write access to this repository can give Foreman commands.");
    return;
  }

  const taskMarker = readMarkers(issue.body ?? "").find((marker) => marker.kind === "task");
  const planNumber = taskMarker?.kind === "task" ? taskMarker.plan : issue.number;
  const { owner, repo } = context.repo();
  await dependencies.queue.run(planKey(owner, repo, planNumber), async () => {
    // Deciding and acting is retried as one step: the decision is made again from what GitHub shows.
    const acted = await retryTransient(async () => {
      const loaded = await loadPlan(repository.reconcile, planNumber);
      if (!loaded) return null;
      const decision = decideCommand({
        command,
        actor: author.login,
        snapshot: loaded.snapshot,
        document: loaded.document,
        taskOfIssue: taskMarker?.kind === "task" ? taskMarker.task : null,
        planLabel: repository.config.label,
        formatReferenceUrl: dependencies.formatReferenceUrl,
      });
      await forge.addCommentReaction(comment.id, decision.reaction);
      // The command's own writes are folded into the snapshot, so the reconcile after it need not read again.
      let snapshot = loaded.snapshot;
      for (const action of decision.actions) {
        snapshot = applyPlanAction(snapshot, action, await executePlanAction(forge, action));
      }
      return { decision, loaded: { ...loaded, snapshot } };
    }, log);
    if (!acted) {
      await reply(`plan #${planNumber} no longer exists.`);
      return;
    }
    await runPlanReconcile(repository.reconcile, acted.loaded, acted.decision.approveBy);
    if (acted.decision.reply) await reply(acted.decision.reply);
  });
}
