import { z } from "zod";

/**
 * Where a dependency edge came from, so every edge can be explained: a task's own field (explicit), the
 * plan's dependency prose, a phase barrier, document order (when no dependency is stated anywhere), or a
 * parent task waiting for its subtasks.
 */
export const edgeSourceSchema = z.enum(["explicit", "prose", "phase", "order", "subtask"]);
export type EdgeSource = z.infer<typeof edgeSourceSchema>;

/** Status written in the document itself (heading marker or checkbox), before Foreman runs anything. */
export const documentStatusSchema = z.enum(["todo", "in-progress", "done", "blocked", "skipped"]);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** Done or skipped in the document: no work left, and tasks waiting for it may go ahead. */
export function isFinishedStatus(status: DocumentStatus): boolean {
  return status === "done" || status === "skipped";
}

export const taskTypeSchema = z.enum([
  "implementation",
  "research",
  "review",
  "testing",
  "deployment",
  "documentation",
  "bugfix",
  "analysis",
]);
export type TaskType = z.infer<typeof taskTypeSchema>;

export const dependencySchema = z.object({
  id: z.string().min(1).describe("id of the task this one waits for, or #N for an existing issue"),
  source: edgeSourceSchema,
  line: z.number().int().positive().nullable().describe("line that stated the edge; null when implied"),
});
export type Dependency = z.infer<typeof dependencySchema>;

export const stepSchema = z.object({
  text: z.string(),
  done: z.boolean(),
});
export type Step = z.infer<typeof stepSchema>;

export const taskSchema = z.object({
  id: z.string().min(1).describe("canonical id as written: T004, 3, 002, 2.1"),
  aliases: z.array(z.string()).describe("other spellings that refer to this task: Task 3, #002, T3"),
  title: z.string(),
  description: z.string().describe("markdown: the objective and any prose that belongs to the task"),
  steps: z.array(stepSchema),
  acceptance: z.array(z.string()),
  verify: z
    .array(z.string())
    .describe("how to check the work: commands from code blocks, and written checks"),
  specs: z.string().describe("technical specifications, markdown"),
  files: z.array(z.string()),
  deps: z.array(dependencySchema),
  parallelWith: z.array(z.string()),
  conflictsWith: z.array(z.string()),
  phase: z.string().nullable().describe("title of the group (phase, story…) the task belongs to"),
  group: z.string().nullable().describe("id of that group, as in `phases`"),
  parallel: z.boolean().describe("marked [P] / (P): may run beside its neighbours"),
  priority: z.string().nullable(),
  complexity: z.string().nullable(),
  type: taskTypeSchema.nullable(),
  agent: z.string().nullable(),
  labels: z.array(z.string()),
  status: documentStatusSchema,
  optional: z.boolean(),
  issue: z.number().int().positive().nullable().describe("existing issue adopted with `- [ ] #123`"),
  parent: z.string().nullable().describe("id of the task this one is a subtask of (2.1 → 2)"),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type Task = z.infer<typeof taskSchema>;

export const severitySchema = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof severitySchema>;

export const diagnosticSchema = z.object({
  severity: severitySchema,
  code: z.string().describe("stable kebab-case name of the problem, e.g. dependency-cycle"),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  message: z.string(),
  hint: z.string(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export const phaseSchema = z.object({
  id: z.string().describe("stable id of the group: phase-3, user-story-2, or the heading as a slug"),
  name: z.string().describe("the group's title as its heading gives it"),
  line: z.number().int().positive(),
  tasks: z.array(z.string()),
});
export type Phase = z.infer<typeof phaseSchema>;

export const planSettingsSchema = z
  .object({
    concurrency: z.number().int().positive().optional(),
    maxAttempts: z.number().int().positive().optional(),
    model: z.string().optional(),
    labels: z.array(z.string()).optional(),
  })
  .catchall(z.unknown())
  .describe("plan-level defaults from YAML front matter or a ```yaml foreman block");
export type PlanSettings = z.infer<typeof planSettingsSchema>;

export const taskGraphSchema = z.object({
  title: z.string().nullable(),
  summary: z.string().describe("the plan's goal: prose before the first task, markdown"),
  settings: planSettingsSchema,
  dependencyMode: z
    .enum(["stated", "document-order"])
    .describe("stated: the document names dependencies; document-order: none named, order and [P] rule"),
  phases: z.array(phaseSchema),
  tasks: z.array(taskSchema),
  diagnostics: z.array(diagnosticSchema),
});
export type TaskGraph = z.infer<typeof taskGraphSchema>;

/** JSON Schema of the canonical graph, for tools that consume `foreman plan --json`. */
export function taskGraphJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(taskGraphSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
}
