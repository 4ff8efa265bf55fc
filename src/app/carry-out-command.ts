import { decideCommand } from "../core/commands/decide-command.ts";
import { describeReplan } from "../core/commands/describe-replan.ts";
import type { ForemanCommand, ReactionContent } from "../core/commands/foreman-command.ts";
import { loadPlan } from "../shell/load-plan.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import type { OpenRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";

/**
 * An authorised writer's command, however it was given (a `/foreman …` comment or a check run's
 * button): decided from the plan's snapshot in the plan's queue, acknowledged, carried out, and followed
 * by a reconcile. `reply` answers the person; `acknowledge` shows the command was seen.
 */
export async function carryOutCommand(
  dependencies: AppDependencies,
  repository: OpenRepository,
  order: {
    planNumber: number;
    command: ForemanCommand;
    actor: string;
    /** the text's hash as the command found it, when given on the plan itself */
    spec: string | null;
    taskOfIssue: string | null;
    acknowledge: (reaction: ReactionContent) => Promise<void>;
    /** called with the answer, or with null when the command was carried out without one */
    reply: (text: string | null) => Promise<unknown>;
  },
): Promise<void> {
  const { planNumber } = order;
  const { forge } = repository.shell;
  await dependencies.queue.run(planKey(forge.owner, forge.repo, planNumber), async () => {
    const loaded = await loadPlan(forge, repository.shell.config, planNumber);
    if (!loaded) {
      await order.reply(`plan #${planNumber} no longer exists.`);
      return;
    }
    const decision = decideCommand({
      command: order.command,
      actor: order.actor,
      snapshot: loaded.snapshot,
      document: loaded.document,
      spec: order.spec ?? loaded.document.spec,
      taskOfIssue: order.taskOfIssue,
      planLabel: repository.config.label,
      formatReferenceUrl: dependencies.formatReferenceUrl,
    });
    await order.acknowledge(decision.reaction);
    const result = await runPlanReconcile(repository.shell, {
      planNumber,
      intent: decision.intent,
      loaded,
      first: decision.writes,
    });
    if (decision.reply?.kind === "text") await order.reply(decision.reply.text);
    else if (decision.reply?.kind === "replan")
      await order.reply(describeReplan({ before: loaded, after: result.loaded, writes: result.writes }));
    else await order.reply(null);
  });
}
