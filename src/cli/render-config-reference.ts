import { z } from "zod";
import { CONFIG_PATH, foremanConfigSchema } from "../core/config/config-schema.ts";

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  description?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
};

/** Where README.md holds the reference; `npm run docs:config` rewrites what lies between. */
export const CONFIG_REFERENCE_START = "<!-- config-reference:start (npm run docs:config writes this) -->";
export const CONFIG_REFERENCE_END = "<!-- config-reference:end -->";

/** Larger bounds are the number type's own (`Number.MAX_SAFE_INTEGER`), not a setting's limit. */
const NO_LIMIT = 1e15;

/**
 * The README's configuration reference: one table row per key of `.github/foreman.yml` (nested keys
 * dotted), with its default, what it accepts and what it does, all read from the zod schema the app
 * parses the file with — so the reference cannot say anything the app does not do.
 */
export function renderConfigReference(): string {
  const schema = z.toJSONSchema(foremanConfigSchema, { io: "input" }) as JsonSchema;
  const defaults = foremanConfigSchema.parse({});
  const rows = rowsOf(schema.properties ?? {}, defaults, "");
  return [
    `Every key of \`${CONFIG_PATH}\` is optional; an unknown key or a wrong value is reported on the plan with the key's name, and the plan waits until it is fixed.`,
    "",
    "| key | default | accepts | what it does |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function rowsOf(properties: Record<string, JsonSchema>, defaults: unknown, prefix: string): string[] {
  return Object.entries(properties).flatMap(([key, field]) => {
    const path = `${prefix}${key}`;
    const value = isRecord(defaults) ? defaults[key] : undefined;
    const what = cell(field.description ?? "");
    if (field.type === "object" && field.properties)
      return [`| \`${path}\` | | the keys below | ${what} |`, ...rowsOf(field.properties, value, `${path}.`)];
    return [`| \`${path}\` | ${cell(code(value))} | ${cell(accepts(field))} | ${what} |`];
  });
}

function accepts(field: JsonSchema): string {
  if (field.anyOf) return field.anyOf.map(accepts).join(", or ");
  if (field.const !== undefined) return code(field.const);
  if (field.enum) return field.enum.map(code).join(" or ");
  switch (field.type) {
    case "null":
      return "`null`";
    case "string":
      return "text";
    case "boolean":
      return "`true` or `false`";
    case "integer":
    case "number":
      return [field.type === "integer" ? "a whole number" : "a number", bounds(field)]
        .filter(Boolean)
        .join(" ");
    case "array": {
      const least = field.minItems === undefined ? "" : ` (at least ${field.minItems})`;
      return `a list of ${field.items ? plural(accepts(field.items)) : "values"}${least}`;
    }
    case "object": {
      const keys = Object.entries(field.properties ?? {});
      if (keys.length === 0) return "an object";
      return `{ ${keys.map(([key, inner]) => `\`${key}\`: ${accepts(inner)}`).join("; ")} }`;
    }
    default:
      return "any value";
  }
}

function bounds(field: JsonSchema): string {
  const parts: string[] = [];
  if (field.exclusiveMinimum !== undefined) parts.push(`above ${field.exclusiveMinimum}`);
  if (field.minimum !== undefined) parts.push(`from ${field.minimum}`);
  if (field.maximum !== undefined && field.maximum < NO_LIMIT) parts.push(`to ${field.maximum}`);
  return parts.join(" ");
}

function plural(kind: string): string {
  return kind === "text" ? "text values" : kind;
}

function code(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value) && value.length > 0) return value.map((item) => `\`${String(item)}\``).join(", ");
  return `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
}

/** Table cells hold no pipe or line break of their own. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
