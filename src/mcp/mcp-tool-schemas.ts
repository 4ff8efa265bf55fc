import { z } from "zod";
import { planStatusSchema } from "../cli/plan-status-schema.ts";
import { diagnosticSchema, taskGraphSchema } from "../core/graph/task-graph.ts";
import { CONTROL_ACTIONS } from "./give-plan-command.ts";

/**
 * Inputs and outputs of `foreman mcp`'s tools, described for the model that calls them. Outputs
 * repeat the shapes the CLI prints with `--json`, so a tool and its command cannot drift apart.
 */
const markdown = z
  .string()
  .min(1, { error: "the plan is empty: give the task document's markdown" })
  .max(2_000_000, { error: "the plan is larger than 2 MB" })
  .describe(
    "the task document as markdown: headings, checklists or numbered tasks (see the task-format resource)",
  );

const repository = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: "use OWNER/REPO, e.g. acme/demo" })
  .describe("the GitHub repository as OWNER/REPO, e.g. acme/demo");

const plan = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+#\d+$/, { error: "use OWNER/REPO#N, e.g. acme/demo#12" })
  .describe("the plan issue as OWNER/REPO#N, e.g. acme/demo#12");

const waitSeconds = z
  .number()
  .int()
  .min(0)
  .max(120)
  .default(30)
  .describe("how long to wait for Foreman's answer on GitHub (seconds, default 30; 0 = do not wait)");

export const validateInput = { markdown };
export const validateOutput = z.object({
  valid: z.boolean().describe("true when Foreman can run the plan (warnings allowed)"),
  tasks: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  diagnostics: z
    .array(diagnosticSchema)
    .describe("every problem with its line, column and a hint how to fix it"),
});

export const convertInput = { markdown };
export const convertOutput = taskGraphSchema.extend({
  valid: z.boolean(),
  waves: z.array(z.array(z.string())).describe("tasks that can run at the same time, wave after wave"),
  criticalPath: z.array(z.string()).describe("the longest chain of dependent tasks"),
  blockedBy: z
    .array(z.tuple([z.string(), z.string()]))
    .describe(
      "[task, blocker] links Foreman creates on GitHub; `phase:<id>` is a phase issue standing for its tasks",
    ),
  mermaid: z.string().describe("the dependency graph as a mermaid flowchart"),
});

export const simulateInput = {
  markdown,
  faults: z
    .string()
    .optional()
    .describe('faults to inject into the local GitHub, e.g. "api=5xx:0.05;webhooks=dup:0.3,drop:0.1"'),
  seed: z.number().int().min(0).optional().describe("seed of the fault sequence (default 0)"),
};
export const simulateOutput = z.looseObject({
  plan: z.number().int().describe("the plan issue's number on the local GitHub"),
  tasks: z.array(z.looseObject({ id: z.string(), issue: z.number(), state: z.string() })),
  links: z.looseObject({}),
  requests: z.looseObject({ total: z.number() }),
  webhooks: z.looseObject({}),
  duplicates: z.looseObject({ issues: z.number(), dispatches: z.number() }),
});

export const startInput = {
  repository,
  markdown,
  title: z
    .string()
    .max(256)
    .optional()
    .describe("the plan issue's title (default: the document's title, else 'Plan')"),
  issue: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "update this existing plan issue instead of opening a new one; an approved plan is re-approved",
    ),
  wait_seconds: waitSeconds,
};
export const startOutput = z.object({
  issue: z.object({ number: z.number().int(), url: z.string() }),
  created: z.boolean(),
  approvedWith: z
    .enum(["label", "start", "replan", "none"])
    .describe("none: this person had already started this exact text; that plan is returned"),
  foreman: z
    .enum(["started", "invalid", "config-error", "refused", "no-answer"])
    .describe("what Foreman answered within the wait; no-answer: check the App with `foreman doctor`"),
  answer: z.string().nullable().describe("URL of Foreman's comment that says so"),
  status: planStatusSchema.nullable(),
});

export const statusInput = { plan };
export const statusOutput = planStatusSchema;

export const reportInput = {
  plan,
  task: z
    .string()
    .min(1)
    .optional()
    .describe("a task id (or alias, e.g. T3); leave out for the plan's summary"),
};
export const reportOutput = z.object({
  kind: z.enum(["plan", "task"]),
  task: z.string().nullable(),
  source: z.enum(["summary", "report-file", "github"]).describe("report-file: what the Action committed"),
  location: z.string().nullable().describe("PATH@BRANCH of the report file"),
  markdown: z.string(),
});

export const controlInput = {
  plan,
  action: z
    .enum(CONTROL_ACTIONS)
    .describe("pause/resume dispatch, cancel the plan, retry or skip one task, or sync (reconcile now)"),
  task: z.string().min(1).optional().describe("the task for retry and skip, e.g. T3"),
  wait_seconds: waitSeconds,
};
export const controlOutput = z.object({
  command: z.string().describe("the slash command posted on the plan"),
  comment: z.string().describe("URL of that comment"),
  reaction: z
    .string()
    .nullable()
    .describe("Foreman's reaction: +1 carried out, confused not understood; null: no answer yet"),
  reply: z.string().nullable(),
  status: planStatusSchema,
});
