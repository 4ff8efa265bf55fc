import { normaliseBody } from "./normalise-body.ts";
import type { CommentRecord, PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";

/** The write that makes one of Foreman's comments on the plan read `body`: create, update, or none. */
export function upsertPlanComment(
  snapshot: PlanSnapshot,
  existing: CommentRecord | undefined,
  body: string,
): PlanWrite[] {
  if (!existing) return [{ kind: "create-comment", number: snapshot.plan.number, body }];
  return normaliseBody(existing.body) === normaliseBody(body)
    ? []
    : [{ kind: "update-comment", commentId: existing.id, body }];
}
