import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const actionSchema = z.looseObject({
  name: z.string().optional(),
  inputs: z
    .record(
      z.string(),
      z
        .looseObject({
          default: z.union([z.string(), z.number(), z.boolean()]).optional(),
          required: z.unknown().optional(),
        })
        .nullable(),
    )
    .optional(),
  runs: z.looseObject({
    using: z.string(),
    main: z.string().optional(),
    post: z.string().optional(),
    "post-if": z.string().optional(),
  }),
});
export type ActionMetadata = z.infer<typeof actionSchema>;

/** An action's `action.yml` (or `action.yaml`) in `dir`, or an error saying what is missing or wrong. */
export async function readActionMetadata(dir: string, uses: string): Promise<ActionMetadata> {
  let text: string | undefined;
  for (const name of ["action.yml", "action.yaml"]) {
    text = await readFile(join(dir, name), "utf8").catch(() => undefined);
    if (text !== undefined) break;
  }
  if (text === undefined) throw new Error(`uses: ${uses}: no action.yml or action.yaml in ${dir}`);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(
      `uses: ${uses}: action.yml is not valid YAML: ${error instanceof Error ? error.message : error}`,
    );
  }
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`,
    );
    throw new Error(`uses: ${uses}: action.yml: ${problems.join("; ")}`);
  }
  return parsed.data;
}
