import { z } from "zod";
import { draftGraphSchema, draftQuestionsSchema } from "./draft-graph-schema.ts";
import type { ModelTool } from "./model-exchange.ts";

function inputSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12" });
  return rest;
}

/** The tool the model asks its clarifying questions through. */
export const QUESTIONS_TOOL: ModelTool = {
  name: "ask_clarifying_questions",
  description:
    "Ask the plan's author 3 to 10 short questions whose answers change the plan (scope, approach, constraints, success criteria), each with the answer you would assume by default.",
  input_schema: inputSchemaOf(draftQuestionsSchema),
};

/**
 * The tool the model answers with the plan: its input schema is generated from the canonical task
 * graph's zod schema (the fields of `foreman plan --json` a draft sets), so the answer is already in
 * Foreman's terms before the compiler checks it.
 */
export const DRAFT_TOOL: ModelTool = {
  name: "submit_plan",
  description:
    "Submit the whole plan as a dependency graph of tasks. Every task is one pull request's worth of work, names the files it changes, how to verify it (commands), and the tasks it waits for.",
  input_schema: inputSchemaOf(draftGraphSchema),
};
