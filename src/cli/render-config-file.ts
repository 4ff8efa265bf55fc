import { stringify } from "yaml";
import { z } from "zod";
import { CONFIG_PATH, foremanConfigSchema } from "../core/config/config-schema.ts";

/**
 * `.github/foreman.yml` with every setting at its default and the schema's own description above
 * it, so the file documents itself and stays in step with what the app accepts.
 */
export function renderConfigFile(): string {
  const defaults = foremanConfigSchema.parse({});
  return [
    `# ${CONFIG_PATH}: Foreman's settings for this repository, read from the default branch.`,
    "# Every key is optional and shows its default; delete a line to go back to it. A mistake here",
    "# gets a comment on the plan that names the key, instead of a silent default.",
    "",
    ...renderFields(foremanConfigSchema.shape, defaults, ""),
  ].join("\n");
}

function renderFields(
  shape: Record<string, z.ZodType>,
  values: Record<string, unknown>,
  indent: string,
): string[] {
  return Object.entries(shape).flatMap(([key, field]) => {
    const comment = `${indent}# ${field.description ?? key}`;
    const nested = objectShape(field);
    const value = values[key];
    if (nested && isRecord(value))
      return [comment, `${indent}${key}:`, ...renderFields(nested, value, `${indent}  `), ""];
    const text = stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
    return [comment, ...text.split("\n").map((line) => `${indent}${line}`), ...(indent === "" ? [""] : [])];
  });
}

/** The object schema inside a defaulted field (`budget`), so its keys are written and documented one by one. */
function objectShape(field: z.ZodType): Record<string, z.ZodType> | null {
  const inner = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? field.unwrap() : field;
  return inner instanceof z.ZodObject ? inner.shape : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
