import { z } from "zod";
import type { CommentRecord } from "../core/plan/plan-snapshot.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { type DraftQuestion, draftQuestionsSchema } from "../core/planner/draft-graph-schema.ts";
import type { Spent } from "../core/planner/model-exchange.ts";
import type { Forge } from "../github/forge.ts";

export type DraftState = {
  questions: { comment: CommentRecord; request: number; list: DraftQuestion[]; spent: Spent } | null;
  /** draft comments, oldest first */
  drafts: Array<{ comment: CommentRecord; request: number; valid: boolean }>;
  /** the plan was approved (started) already */
  started: boolean;
  /** whether Foreman already answered this comment with questions, a draft or a reply */
  handled: (commentId: number) => boolean;
};

const questionListSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  })
  .pipe(draftQuestionsSchema.shape.questions);

/**
 * The planner's progress on an issue, read from Foreman's own comments (only their markers are
 * trusted): the questions asked, the drafts posted, whether the plan started, which comments were
 * answered.
 */
export async function readDraftState(forge: Forge, plan: number): Promise<DraftState> {
  const comments = await forge.listOwnComments(plan);
  let questions: DraftState["questions"] = null;
  const drafts: DraftState["drafts"] = [];
  const answered = new Set<number>();
  let started = false;
  for (const comment of comments) {
    for (const marker of readMarkers(comment.body)) {
      if (marker.kind === "reply") answered.add(marker.comment);
      if (marker.kind === "approval" && marker.plan === plan) started = true;
      if (marker.kind === "draft" && marker.plan === plan) {
        drafts.push({ comment, request: marker.request, valid: marker.valid === "yes" });
        answered.add(marker.request);
      }
      if (marker.kind === "draft-questions" && marker.plan === plan && questions === null) {
        const list = questionListSchema.safeParse(marker.questions);
        if (!list.success) continue;
        const spent = {
          inputTokens: marker.input,
          outputTokens: marker.output,
          usd: marker.cost ?? null,
          calls: marker.calls,
        };
        questions = { comment, request: marker.request, list: list.data, spent };
        answered.add(marker.request);
      }
    }
  }
  drafts.sort((a, b) => a.comment.id - b.comment.id);
  return { questions, drafts, started, handled: (commentId) => answered.has(commentId) };
}
