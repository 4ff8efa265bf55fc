import type { EngineRound } from "./engine-round.ts";
import type { EngineWrite } from "./engine-write.ts";
import { renderNoticeComment } from "./render-notice-comment.ts";

/**
 * The plan-wide budget (issue #10, item 7): the ledger is summed with the view, dispatch stops at the
 * limit; this planner says so once on the plan, while work is left that the budget now holds back.
 */
export function decideBudget(round: EngineRound): EngineWrite[] {
  const { input, view } = round;
  if (!view.ledger.planSpent || input.notices.some((notice) => notice.topic === "budget")) return [];
  const heldBack = Object.values(view.states).some((state) => state === "ready" || state === "failed");
  if (!heldBack) return [];
  return [
    {
      kind: "create-comment",
      number: input.plan.number,
      body: renderNoticeComment(input.plan.number, {
        topic: "budget",
        spent: view.ledger.plan,
        budget: input.config.budget,
      }),
    },
  ];
}
