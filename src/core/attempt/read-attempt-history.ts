import type { PlanMarker } from "../plan/plan-marker.ts";
import type { CommentRecord } from "../plan/plan-snapshot.ts";
import { readMarkers } from "../plan/read-markers.ts";
import { stripMarkers } from "../plan/strip-markers.ts";

export type AttemptRecord = Extract<PlanMarker, { kind: "attempt" }>;

export type AttemptHistory = {
  /** what the engine told the next attempt, for the attempts before this one, oldest first */
  feedback: Array<{ attempt: number; text: string }>;
  /** how earlier attempts ended, as the Action recorded them, oldest first */
  attempts: AttemptRecord[];
};

/**
 * Earlier attempts of a task, from Foreman's own comments on its child issue: `feedback` markers (the
 * engine's, with the failing checks and reviews) and `attempt` markers (the Action's figures). Only
 * comments by Foreman count; anything a person wrote never reaches the agent this way.
 */
export function readAttemptHistory(input: {
  comments: readonly CommentRecord[];
  selfLogin: string;
  planNumber: number;
  taskId: string;
  attempt: number;
}): AttemptHistory {
  const feedback = new Map<number, string>();
  const attempts = new Map<number, AttemptRecord>();
  for (const comment of input.comments) {
    if (comment.author !== input.selfLogin) continue;
    for (const marker of readMarkers(comment.body)) {
      if (marker.kind !== "feedback" && marker.kind !== "attempt") continue;
      if (marker.plan !== input.planNumber || marker.task !== input.taskId || marker.attempt >= input.attempt)
        continue;
      if (marker.kind === "feedback") feedback.set(marker.attempt, stripMarkers(comment.body));
      else attempts.set(marker.attempt, marker);
    }
  }
  const byAttempt = <T>(entries: Map<number, T>) => [...entries].sort(([a], [b]) => a - b);
  return {
    feedback: byAttempt(feedback).map(([attempt, text]) => ({ attempt, text })),
    attempts: byAttempt(attempts).map(([, record]) => record),
  };
}
