import { z } from "zod";

/**
 * One recorded attempt of Claude Code on one task of an example plan: the model's turns as data, in
 * the fake Messages API's script shape (`blocks`, `usage`, `stopReason`), so replaying is playing
 * `turns` in order. Paths in tool inputs (`file_path`) are relative to the workspace, which a
 * recording cannot know; `resolveRecordedSession` makes them absolute for the run at hand.
 */
const textBlockSchema = z.object({ type: z.literal("text"), text: z.string().min(1) }).strict();

const toolUseBlockSchema = z
  .object({
    type: z.literal("tool_use"),
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
    id: z.string().min(1).optional(),
  })
  .strict();

const usageSchema = z
  .object({
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    cacheCreationInputTokens: z.number().int().nonnegative(),
    cacheReadInputTokens: z.number().int().nonnegative(),
  })
  .partial()
  .strict();

const recordedTurnSchema = z
  .object({
    blocks: z.array(z.discriminatedUnion("type", [textBlockSchema, toolUseBlockSchema])).min(1),
    usage: usageSchema.optional(),
    stopReason: z.enum(["end_turn", "tool_use", "max_tokens", "stop_sequence"]).optional(),
  })
  .strict();

export const recordedSessionSchema = z
  .object({
    task: z.string().min(1),
    attempt: z.number().int().positive(),
    /** what this attempt does, for people reading the example */
    summary: z.string().min(1),
    /** text the attempt's prompt must contain: the previous attempt's failure, fed back */
    feedbackMentions: z.array(z.string().min(1)).optional(),
    /** what the required check concludes on the branch head after this attempt */
    expect: z.discriminatedUnion("check", [
      z.object({ check: z.literal("success") }).strict(),
      z.object({ check: z.literal("failure"), failingTests: z.array(z.string().min(1)).min(1) }).strict(),
    ]),
    turns: z.array(recordedTurnSchema).min(1),
  })
  .strict();

export type RecordedSession = z.infer<typeof recordedSessionSchema>;
export type RecordedTurn = RecordedSession["turns"][number];
export type RecordedBlock = RecordedTurn["blocks"][number];
