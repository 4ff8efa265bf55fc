import type { Context } from "probot";
import { parseForemanEvent } from "../core/plan/parse-foreman-event.ts";
import { routeEvent } from "../core/plan/route-event.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import { handleDraftCommand } from "./handle-draft-command.ts";
import { openRepository } from "./open-repository.ts";
import { pressCheckButton } from "./press-check-button.ts";
import { runCommand } from "./run-command.ts";
import { startPlan } from "./start-plan.ts";
import { syncMergeGroup } from "./sync-merge-group.ts";
import { syncPlans } from "./sync-plans.ts";

/**
 * Every webhook: parsed once, routed by a pure function to the plan(s) it concerns, handed to the one
 * step that does what it asks. Events that concern no plan cost one config read at most, and none when
 * no config could make them concern one.
 */
export async function handleForemanEvent(
  context: ForemanEventContext,
  dependencies: AppDependencies,
): Promise<void> {
  const event = parseForemanEvent(context.name, context.payload);
  if (event.kind === "other") return;
  // The planner's commands live on goal issues that are not plans yet.
  if (
    event.kind === "comment" &&
    (await handleDraftCommand(
      context as ForemanEventContext<Context<"issue_comment.created">["payload"]>,
      dependencies,
    ))
  )
    return;
  // Routed first without the config: what concerns no plan whatever it says costs no read.
  const early = routeEvent(event, { label: null, selfLogin: await dependencies.selfLogin() });
  if (early.kind === "ignore") return;
  const repository = await openRepository(context, dependencies);
  const route =
    early.kind === "needs-config"
      ? routeEvent(event, { label: repository.config.label, selfLogin: repository.selfLogin })
      : early;
  switch (route.kind) {
    case "ignore":
    case "needs-config":
      return;
    case "start":
      return startPlan(context, dependencies, repository, route.plan, route.start);
    case "command":
      return runCommand(dependencies, repository, route);
    case "sync":
      return syncPlans(context, dependencies, repository, route);
    case "button":
      return pressCheckButton(dependencies, repository, route);
    case "merge-group":
      return syncMergeGroup(context, dependencies, repository, route);
  }
}
