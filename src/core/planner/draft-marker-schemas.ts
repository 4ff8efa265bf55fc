import { z } from "zod";

const planNumber = z.coerce.number().int().positive();
const commentId = z.coerce.number().int().positive();
const tokens = z.coerce.number().int().nonnegative();

/**
 * The planner's hidden markers, part of Foreman's marker union (plan-marker.ts): every planner step is
 * found again by them, so a redelivered command repeats nothing.
 */
export const draftMarkerSchemas = [
  /**
   * the clarifying questions for a plan: the command comment that asked for them, the questions and
   * defaults (URI-encoded JSON, so answers map to them exactly) and what asking them used
   */
  z.object({
    kind: z.literal("draft-questions"),
    plan: planNumber,
    request: commentId,
    questions: z.string().min(2),
    input: tokens,
    output: tokens,
    calls: tokens,
    cost: z.coerce.number().nonnegative().optional(),
  }),
  /** one drafted plan: the comment it answers, the hash of its text as posted, whether it compiled */
  z.object({
    kind: z.literal("draft"),
    plan: planNumber,
    request: commentId,
    spec: z.string().min(1),
    valid: z.enum(["yes", "no"]),
  }),
  /** where a draft's task markdown begins and ends, in a draft comment and in the accepted plan body */
  z.object({ kind: z.literal("draft-text"), plan: planNumber, edge: z.enum(["begin", "end"]) }),
] as const;
