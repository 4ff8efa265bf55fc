import { derivePlanView } from "../core/plan/derive-plan-view.ts";
import { recoverLostStart } from "../core/plan/recover-lost-start.ts";
import { loadPlan } from "../shell/load-plan.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import type { OpenRepository } from "./open-repository.ts";
import { refusePlanLabel } from "./refuse-plan-label.ts";

/**
 * One labelled plan the re-drive found. Started ones are reconciled (finishing what faults or a crash
 * left half done). One never started is started as its lost `labeled` delivery would have: by whoever
 * added the label, if they are a writer, for the text they labelled when GitHub shows that text is
 * still the issue's; otherwise they are asked to start the current text.
 */
export async function redrivePlan(
  dependencies: AppDependencies,
  repository: OpenRepository,
  key: string,
  planNumber: number,
): Promise<void> {
  const { shell } = repository;
  await dependencies.queue.run(key, async () => {
    const loaded = await loadPlan(shell.forge, shell.config, planNumber);
    if (!loaded) return;
    const sync = () => runPlanReconcile(shell, { planNumber, intent: { kind: "sync" }, loaded });
    const view = derivePlanView(loaded.snapshot, loaded.document);
    if (view.approval !== null) return void (await sync());
    const labelled = await shell.forge.findLabelEvent(planNumber, repository.config.label);
    if (!labelled) return void (await sync());
    const verdict = await authorizeSender(labelled.actor, repository);
    if (verdict === "ignore") return void (await sync());
    if (verdict === "refuse") return refusePlanLabel(repository, planNumber, labelled.actor.login);
    const start = recoverLostStart(loaded.snapshot.plan, labelled, view.comments.has("approval-stale"));
    shell.log(
      `plan #${planNumber}: labelled by @${start.actor.login} at ${labelled.at}, never started; ${start.spec === null ? "the issue changed since" : "starting it"}`,
    );
    await runPlanReconcile(shell, {
      planNumber,
      intent: { kind: "start-if-new", by: start.actor.login, spec: start.spec },
      loaded,
    });
  });
}
