import { z } from "zod";
import { dependencySchema, taskGraphSchema, taskSchema, taskTypeSchema } from "../graph/task-graph.ts";

/** Ids the task format reads back unambiguously in a `### ID: Title` heading. */
const DRAFT_ID = /^[A-Z]{0,3}\d+(?:\.\d+)?$/;
/** A dependency: a draft task's id, or an existing issue. */
const DRAFT_DEPENDENCY = /^(?:[A-Z]{0,3}\d+(?:\.\d+)?|#\d+)$/;

/**
 * One task of a draft: the canonical task graph's own fields (same names and meaning as
 * `foreman plan --json`), without the ones the compiler derives (aliases, lines, phases, status).
 */
export const draftTaskSchema = taskSchema
  .pick({ id: true, title: true, description: true, files: true, acceptance: true, verify: true })
  .extend({
    id: taskSchema.shape.id.regex(DRAFT_ID, {
      error: "must be a task id such as T1, T2, T12 (letters then a number)",
    }),
    title: taskSchema.shape.title.min(1).max(120).describe("one line, imperative: what the task delivers"),
    deps: z
      .array(
        z.object({
          id: dependencySchema.shape.id.regex(DRAFT_DEPENDENCY, {
            error: "must be the id of a task in this plan (T3), or #N for an existing issue",
          }),
        }),
      )
      .describe("the tasks this one waits for, by id; [] when it can start at once"),
    type: taskTypeSchema,
  });
export type DraftTask = z.infer<typeof draftTaskSchema>;

/** What the model answers the draft tool with: a plan in the canonical graph's terms. */
export const draftGraphSchema = taskGraphSchema.pick({ title: true }).extend({
  title: z.string().min(1).max(120).describe("the plan's title"),
  tasks: z.array(draftTaskSchema).min(1).max(100).describe("in the order they should be read"),
});
export type DraftGraph = z.infer<typeof draftGraphSchema>;

/** The clarifying questions the model answers the questions tool with. */
export const draftQuestionsSchema = z.object({
  questions: z
    .array(
      z.object({
        question: z.string().trim().min(1).max(400),
        default: z.string().trim().min(1).max(400).describe("the answer assumed when nobody answers"),
      }),
    )
    .min(3)
    .max(10),
});
export type DraftQuestion = z.infer<typeof draftQuestionsSchema>["questions"][number];
