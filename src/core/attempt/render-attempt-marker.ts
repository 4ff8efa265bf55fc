import { formatMarker } from "../plan/format-marker.ts";
import type { AttemptView } from "./attempt-view.ts";

/** The `attempt` marker: the figures the engine's ledger sums, in a comment's or PR's hidden line. */
export function renderAttemptMarker(view: AttemptView): string {
  const session = view.session;
  return formatMarker({
    kind: "attempt",
    plan: view.planNumber,
    task: view.taskId,
    attempt: view.attempt,
    result: view.outcome.result,
    ...(view.runId === null ? {} : { run: view.runId }),
    ...(view.pullNumber === null ? {} : { pr: view.pullNumber }),
    ...(view.headSha === null ? {} : { head: view.headSha }),
    ...(session === null
      ? {}
      : {
          turns: session.turns,
          input: session.inputTokens,
          output: session.outputTokens,
          cost: Number(session.costUsd.toFixed(6)),
          ms: Math.round(session.durationMs),
        }),
  });
}
