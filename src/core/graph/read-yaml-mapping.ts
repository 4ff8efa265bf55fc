import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "./task-graph.ts";

/**
 * Reads YAML that must be a mapping (front matter, a ```yaml foreman block). `firstLine` is the document
 * line of the YAML's first line, so a problem points at the right line of the plan.
 */
export function readYamlMapping(
  yaml: string,
  firstLine: number,
  what: string,
): { value: Record<string, unknown> | null; diagnostic: Diagnostic | null } {
  const code = what === "front matter" ? "invalid-front-matter" : "invalid-yaml";
  try {
    const value: unknown = parseYaml(yaml);
    if (value === null || value === undefined) return { value: {}, diagnostic: null };
    if (typeof value === "object" && !Array.isArray(value))
      return { value: value as Record<string, unknown>, diagnostic: null };
    return {
      value: null,
      diagnostic: {
        severity: "error",
        code,
        line: firstLine,
        column: 1,
        message: `the ${what} must be a mapping of keys to values`,
        hint: "Write `key: value` lines, e.g. `concurrency: 2` or `depends_on: [T1, T2]`.",
      },
    };
  } catch (error) {
    const position = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    return {
      value: null,
      diagnostic: {
        severity: "error",
        code,
        line: firstLine - 1 + (position?.line ?? 1),
        column: position?.col ?? 1,
        message: `the ${what} does not parse as YAML: ${(error as Error).message.split("\n")[0]}`,
        hint: "Check the indentation and quoting of that line.",
      },
    };
  }
}
