import { parseDocument } from "yaml";
import type { Diagnostic } from "./task-graph.ts";

interface YamlProblem {
  message: string;
  linePos?: Array<{ line: number; col: number }>;
}

/**
 * Reads YAML that must be a mapping (front matter, a ```yaml foreman block). `firstLine` is the document
 * line of the YAML's first line, so every problem — the library's errors and its warnings alike, which it
 * would otherwise print to the terminal — becomes a diagnostic at the right line and column of the plan.
 */
export function readYamlMapping(
  yaml: string,
  firstLine: number,
  what: string,
): { value: Record<string, unknown> | null; diagnostics: Diagnostic[] } {
  const code = what === "front matter" ? "invalid-front-matter" : "invalid-yaml";
  const document = parseDocument(yaml, { prettyErrors: true, logLevel: "silent", uniqueKeys: true });
  const place = (problem: YamlProblem) => ({
    line: firstLine - 1 + (problem.linePos?.[0]?.line ?? 1),
    column: problem.linePos?.[0]?.col ?? 1,
  });
  // The library's own "at line 2, column 1" counts from the YAML's first line; ours from the plan's.
  const summary = (problem: YamlProblem) =>
    (problem.message.split("\n")[0] ?? problem.message).replace(/\s+at line \d+, column \d+:?\s*$/, "");
  const diagnostics: Diagnostic[] = document.warnings.map((warning) => ({
    severity: "warning",
    code: "yaml-warning",
    ...place(warning),
    message: `the ${what}: ${summary(warning)}`,
    hint: "Check that line of the YAML; Foreman read the rest.",
  }));
  const error = document.errors[0];
  if (error) {
    diagnostics.push({
      severity: "error",
      code,
      ...place(error),
      message: `the ${what} does not parse as YAML: ${summary(error)}`,
      hint: "Check the indentation and quoting of that line.",
    });
    return { value: null, diagnostics };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (problem) {
    const alias = /:\s*(\S+)\s*$/.exec((problem as Error).message)?.[1];
    const at = alias ? yaml.indexOf(`*${alias}`) : -1;
    const before = at === -1 ? "" : yaml.slice(0, at);
    diagnostics.push({
      severity: "error",
      code,
      line: firstLine + (before.match(/\n/g)?.length ?? 0),
      column: at === -1 ? 1 : at - before.lastIndexOf("\n"),
      message: `the ${what} cannot be read: ${(problem as Error).message.split("\n")[0]}`,
      hint: "Remove the aliases (`*name`) or the structure that repeats itself.",
    });
    return { value: null, diagnostics };
  }
  if (value === null || value === undefined) return { value: {}, diagnostics };
  if (typeof value === "object" && !Array.isArray(value))
    return { value: value as Record<string, unknown>, diagnostics };
  diagnostics.push({
    severity: "error",
    code,
    line: firstLine,
    column: 1,
    message: `the ${what} must be a mapping of keys to values`,
    hint: "Write `key: value` lines, e.g. `concurrency: 2` or `depends_on: [T1, T2]`.",
  });
  return { value: null, diagnostics };
}
