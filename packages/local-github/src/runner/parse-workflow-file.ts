import { parse as parseYaml } from "yaml";
import { z } from "zod";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const envSchema = z.record(z.string(), scalar.nullable()).optional();
const runDefaultsSchema = z
  .looseObject({
    run: z
      .looseObject({ shell: z.string().optional(), "working-directory": z.string().optional() })
      .optional(),
  })
  .optional();

const stepSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  if: z.union([z.string(), z.boolean()]).optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), scalar.nullable()).optional(),
  env: envSchema,
  shell: z.string().optional(),
  "working-directory": z.string().optional(),
  "continue-on-error": z.union([z.boolean(), z.string()]).optional(),
  "timeout-minutes": z.union([z.number(), z.string()]).optional(),
});
export type WorkflowStep = z.infer<typeof stepSchema>;

const jobSchema = z.looseObject({
  name: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  if: z.union([z.string(), z.boolean()]).optional(),
  "runs-on": z.unknown().optional(),
  env: envSchema,
  defaults: runDefaultsSchema,
  outputs: z.record(z.string(), z.string()).optional(),
  "timeout-minutes": z.union([z.number(), z.string()]).optional(),
  // Accepted as GitHub accepts them; the local runner has one job slot and one token, so they change nothing.
  permissions: z.unknown().optional(),
  concurrency: z.unknown().optional(),
  strategy: z.unknown().optional(),
  uses: z.string().optional(),
  steps: z.array(stepSchema).optional(),
});
export type WorkflowJobDefinition = z.infer<typeof jobSchema>;

const workflowSchema = z.looseObject({
  name: z.string().optional(),
  "run-name": z.string().optional(),
  // YAML reads the key `on` as the string "on"; the value may be an event name, a list or a map.
  on: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]),
  env: envSchema,
  defaults: runDefaultsSchema,
  permissions: z.unknown().optional(),
  concurrency: z.unknown().optional(),
  jobs: z.record(z.string(), jobSchema),
});
export type WorkflowFile = z.infer<typeof workflowSchema>;

export class WorkflowFileError extends Error {}

/**
 * Reads a workflow file for the local runner. A file GitHub would refuse (no `on`, no `jobs`, a job
 * without steps) is a WorkflowFileError naming the file and the problem; `matrix` strategies and
 * reusable workflows (`jobs.<id>.uses`) are refused by name, since the local runner does not run them.
 */
export function parseWorkflowFile(path: string, text: string): WorkflowFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new WorkflowFileError(`${path}: not valid YAML: ${error instanceof Error ? error.message : error}`);
  }
  const parsed = workflowSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`,
    );
    throw new WorkflowFileError(`${path}: ${problems.join("; ")}`);
  }
  for (const [id, job] of Object.entries(parsed.data.jobs)) {
    if (job.uses !== undefined)
      throw new WorkflowFileError(
        `${path}: job '${id}' calls the reusable workflow ${job.uses}, which the local runner does not run`,
      );
    if (job.strategy !== undefined)
      throw new WorkflowFileError(
        `${path}: job '${id}' has a strategy (matrix), which the local runner does not run`,
      );
    if (!job.steps || job.steps.length === 0)
      throw new WorkflowFileError(`${path}: job '${id}' has no steps`);
    for (const [index, step] of job.steps.entries()) {
      if ((step.run === undefined) === (step.uses === undefined))
        throw new WorkflowFileError(
          `${path}: job '${id}', step ${index + 1}: give exactly one of run: and uses:`,
        );
    }
  }
  return parsed.data;
}

/** The events a workflow's `on:` names, each with its filter block (null when it has none). */
export function workflowTriggers(workflow: WorkflowFile): Map<string, unknown> {
  const { on } = workflow;
  if (typeof on === "string") return new Map([[on, null]]);
  if (Array.isArray(on)) return new Map(on.map((event) => [event, null]));
  return new Map(Object.entries(on).map(([event, filter]) => [event, filter ?? null]));
}

/** Job ids in an order where every job comes after the jobs it `needs`; a cycle or unknown job is an error. */
export function orderJobs(path: string, workflow: WorkflowFile): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, from: string | null) => {
    const job = workflow.jobs[id];
    if (!job) throw new WorkflowFileError(`${path}: job '${from}' needs '${id}', which does not exist`);
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting")
      throw new WorkflowFileError(`${path}: jobs need each other in a cycle at '${id}'`);
    state.set(id, "visiting");
    for (const need of needsOf(job)) visit(need, id);
    state.set(id, "done");
    order.push(id);
  };
  for (const id of Object.keys(workflow.jobs)) visit(id, null);
  return order;
}

export function needsOf(job: WorkflowJobDefinition): string[] {
  return job.needs === undefined ? [] : typeof job.needs === "string" ? [job.needs] : job.needs;
}
