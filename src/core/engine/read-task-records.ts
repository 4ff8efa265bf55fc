import { readMarkers } from "../plan/read-markers.ts";
import type { RecordComment, TaskRecord } from "./engine-input.ts";

/**
 * The engine's and the task workflow's records of one task, from trusted comments on its child issue
 * (the caller keeps only comments Foreman's own identity wrote). A comment carries at most one record;
 * markers of another plan or task are ignored.
 */
export function readTaskRecords(
  comments: readonly (RecordComment & { body: string })[],
  plan: number,
  task: string,
): TaskRecord[] {
  return comments.flatMap((comment): TaskRecord[] => {
    const where = { id: comment.id, url: comment.url, updatedAt: comment.updatedAt };
    const marker = readMarkers(comment.body).find(
      (found) => "task" in found && found.plan === plan && found.task === task,
    );
    switch (marker?.kind) {
      case "dispatch":
        return [{ ...where, kind: "dispatch", attempt: marker.attempt, run: marker.run ?? null }];
      case "attempt":
        return [
          {
            ...where,
            kind: "attempt",
            attempt: marker.attempt,
            result: marker.result,
            run: marker.run ?? null,
            pr: marker.pr ?? null,
            head: marker.head ?? null,
            turns: marker.turns ?? 0,
            tokens: (marker.input ?? 0) + (marker.output ?? 0),
            cost: marker.cost ?? 0,
            ms: marker.ms ?? null,
          },
        ];
      case "feedback":
        return [
          {
            ...where,
            kind: "feedback",
            attempt: marker.attempt,
            head: marker.head ?? null,
            failures: marker.failures ?? null,
          },
        ];
      case "escalation":
        return [{ ...where, kind: "escalation", attempt: marker.attempt }];
      default:
        return [];
    }
  });
}
