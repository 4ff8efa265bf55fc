import { parse as parseYaml } from "yaml";
import { z } from "zod";

const inputSchema = z.looseObject({
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
const workflowFileSchema = z.looseObject({
  name: z.string().optional(),
  "run-name": z.string().optional(),
  jobs: z.record(z.string(), z.looseObject({ name: z.string().optional() }).nullable()).optional(),
  // YAML reads the key `on` as the string "on"; the value may be an event name, a list or a map.
  on: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
});

export interface WorkflowDefinition {
  name: string;
  /** `run-name`, with `${{ inputs.x }}` expressions still in it */
  runName: string | undefined;
  /** the first job's `name:`, or its key */
  jobName: string;
  dispatchable: boolean;
  inputs: Map<string, { required: boolean; default: string | undefined }>;
}

/** Reads a workflow file's name, whether it has a `workflow_dispatch` trigger and that trigger's inputs. */
export function parseWorkflowDefinition(path: string, text: string): WorkflowDefinition {
  let parsed: z.infer<typeof workflowFileSchema>;
  try {
    parsed = workflowFileSchema.parse(parseYaml(text));
  } catch {
    return { name: path, runName: undefined, jobName: "build", dispatchable: false, inputs: new Map() };
  }
  const on = parsed.on;
  const inputs = new Map<string, { required: boolean; default: string | undefined }>();
  let dispatchable = false;
  if (typeof on === "string") dispatchable = on === "workflow_dispatch";
  else if (Array.isArray(on)) dispatchable = on.includes("workflow_dispatch");
  else if (on && "workflow_dispatch" in on) {
    dispatchable = true;
    const trigger = z
      .looseObject({ inputs: z.record(z.string(), inputSchema).optional() })
      .safeParse(on.workflow_dispatch ?? {});
    for (const [name, input] of Object.entries(trigger.success ? (trigger.data.inputs ?? {}) : {})) {
      inputs.set(name, {
        required: input.required ?? false,
        default: input.default === undefined ? undefined : String(input.default),
      });
    }
  }
  const [jobKey, job] = Object.entries(parsed.jobs ?? {})[0] ?? ["build", null];
  return {
    name: parsed.name ?? path,
    runName: parsed["run-name"],
    jobName: job?.name ?? jobKey,
    dispatchable,
    inputs,
  };
}

/** A `run-name` with its `${{ inputs.x }}` (and `github.event.inputs.x`) expressions filled in. */
export function renderRunName(template: string, inputs: Record<string, string>): string {
  return template.replace(
    /\$\{\{\s*(?:github\.event\.)?inputs\.([\w-]+)\s*\}\}/g,
    (_, name: string) => inputs[name] ?? "",
  );
}
