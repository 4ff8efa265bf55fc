import { formatMarker } from "../plan/format-marker.ts";
import type { Spend } from "./compute-budget-ledger.ts";
import type { EngineConfig } from "./engine-config.ts";

export type Notice =
  | { topic: "budget"; spent: Spend; budget: EngineConfig["budget"] }
  | { topic: "workflow-missing"; workflow: string }
  | { topic: "no-required-checks"; base: string };

/**
 * A plan-level notice, posted once (the marker finds it again): the plan budget is spent, the task
 * workflow is not installed, or the base branch requires no checks. Each says what to do next.
 */
export function renderNoticeComment(plan: number, notice: Notice): string {
  const marker = formatMarker({ kind: "notice", plan, topic: notice.topic });
  return `${text(notice)}\n\n${marker}\n`;
}

function text(notice: Notice): string {
  switch (notice.topic) {
    case "budget": {
      const { spent, budget } = notice;
      const limits = [
        budget.perPlanUsd === null ? null : `$${spent.cost.toFixed(2)} of $${budget.perPlanUsd.toFixed(2)}`,
        budget.perPlanTokens === null ? null : `${spent.tokens} of ${budget.perPlanTokens} tokens`,
      ].filter((limit): limit is string => limit !== null);
      return [
        `💸 **The plan's budget is spent** (${limits.join(", ")}): no further attempts are dispatched.`,
        "Attempts already running finish.",
        "",
        "To go on, raise `budget.perPlanUsd` (or `budget.perPlanTokens`) in `.github/foreman.yml`, then comment `/foreman resume`.",
      ].join("\n");
    }
    case "workflow-missing":
      return [
        `⚠️ **The task workflow \`.github/workflows/${notice.workflow}\` is not installed**, so no task can start.`,
        "",
        "Add it (`npx foreman init` writes it), or set `workflow:` in `.github/foreman.yml` to the file you use, then comment `/foreman sync`.",
      ].join("\n");
    case "no-required-checks":
      return [
        `⚠️ **\`${notice.base}\` requires no checks**, so Foreman cannot verify any task: a task is done only when the repository's own required checks pass.`,
        "",
        `Require your CI's checks on \`${notice.base}\` (a ruleset or branch protection), or list them under \`requiredChecks:\` in \`.github/foreman.yml\`, then comment \`/foreman sync\`.`,
      ].join("\n");
  }
}
