import type { PlanRound, PlanStep } from "./plan-round.ts";
import { resolveStaleComment } from "./resolve-stale-comment.ts";
import { upsertPlanComment } from "./upsert-plan-comment.ts";

/**
 * `.github/foreman.yml` first: while it is broken nothing else happens, and a plan someone tries to
 * start (or one already running) gets one comment naming each key; once fixed, that comment says so.
 */
export function decideConfigProblems(round: PlanRound): PlanStep {
  const { config, snapshot, view, texts, planNumber, label } = round;
  const existing = view.comments.get("config-error");
  if (!config.ok) {
    if (round.intent.kind !== "approve" && view.approval === null) return { writes: [], stop: true };
    const body = texts.configErrorComment({ planNumber, problems: config.problems, label });
    return { writes: upsertPlanComment(snapshot, existing?.comment, body), stop: true };
  }
  const writes = resolveStaleComment(snapshot, existing, () =>
    texts.configErrorComment({ planNumber, problems: [], label }),
  );
  return { writes, stop: false };
}
