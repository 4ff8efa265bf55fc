import type { Root } from "mdast";
import { describeDocument } from "./describe-document.ts";
import type { DraftPlan } from "./draft-task.ts";
import { extractPlan } from "./extract-plan.ts";
import { parseBlocks } from "./parse-blocks.ts";
import { readTaskMaster } from "./read-task-master.ts";
import { readYamlMapping } from "./read-yaml-mapping.ts";
import { resolvePlan } from "./resolve-plan.ts";
import { type Diagnostic, planSettingsSchema, type TaskGraph } from "./task-graph.ts";
import { validateGraph } from "./validate-graph.ts";

/** Line endings, a byte-order mark and NUL bytes never change what a plan means. */
function normalize(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/\0/g, "\uFFFD");
}

/**
 * Splits off YAML front matter. The front matter is replaced by blank lines rather than removed, so line
 * numbers in diagnostics still match the file.
 */
function splitFrontMatter(
  text: string,
  diagnostics: Diagnostic[],
): { body: string; settings: Record<string, unknown> } {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { body: text, settings: {} };
  const blank = "\n".repeat(match[0].split("\n").length - 1);
  const body = blank + text.slice(match[0].length);
  const read = readYamlMapping(match[1] ?? "", 2, "front matter");
  diagnostics.push(...read.diagnostics);
  const value = read.value;
  return { body, settings: value ?? {} };
}

function checkSettings(settings: Record<string, unknown>, diagnostics: Diagnostic[]): TaskGraph["settings"] {
  const parsed = planSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    diagnostics.push({
      severity: "error",
      code: "invalid-setting",
      line: 1,
      column: 1,
      message: `plan setting '${issue.path.join(".")}': ${issue.message}`,
      hint: "Fix the value in the front matter or the ```yaml foreman block.",
    });
  }
  return {};
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1)
  );
}

/**
 * A plan issue may hold a Task Master tasks.json in a ```json block: its tasks are the plan's when the
 * markdown around it has none; the title, goal and settings still come from the markdown.
 */
function withTaskMasterBlock(markdown: DraftPlan, root: Root): DraftPlan {
  if (markdown.tasks.length > 0) return markdown;
  for (const block of root.children) {
    if (block.type !== "code" || !/^jsonc?$/i.test(block.lang ?? "")) continue;
    const json = readTaskMaster(block.value, (block.position?.start.line ?? 1) + 1);
    if (json && json.tasks.length > 0)
      return { ...markdown, tasks: json.tasks, diagnostics: [...markdown.diagnostics, ...json.diagnostics] };
  }
  return markdown;
}

/**
 * Task markdown (or a Task Master tasks.json) → the canonical task graph. Never throws: whatever the input, the answer is a graph whose
 * `diagnostics` say what is wrong, where, and what to do. A graph with an error diagnostic is invalid.
 */
export function parsePlan(markdown: string): TaskGraph {
  const diagnostics: Diagnostic[] = [];
  const text = normalize(markdown);
  const { body, settings: frontMatter } = splitFrontMatter(text, diagnostics);
  const root = parseBlocks(body);
  const draft = readTaskMaster(text) ?? withTaskMasterBlock(extractPlan(body, root, frontMatter), root);
  const resolved = resolvePlan(draft);
  diagnostics.push(...draft.diagnostics, ...resolved.diagnostics);
  for (const diagnostic of validateGraph(resolved.tasks, resolved.parallelGroups)) {
    if (diagnostic.code === "no-tasks") diagnostic.message = `no tasks found: ${describeDocument(text)}`;
    diagnostics.push(diagnostic);
  }
  return {
    title: draft.title,
    summary: draft.summary,
    settings: checkSettings(draft.settings, diagnostics),
    dependencyMode: resolved.dependencyMode,
    phases: resolved.phases,
    tasks: resolved.tasks,
    diagnostics: withoutRepeats(diagnostics).sort(byPosition),
  };
}

/** One problem said once: a reference named in two edges (a middle task of `T1-T5 are sequential`) is one. */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = JSON.stringify([
      diagnostic.severity,
      diagnostic.code,
      diagnostic.line,
      diagnostic.column,
      diagnostic.message,
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when the graph can be used: no error diagnostics (warnings are fine). */
export function isValidGraph(graph: Pick<TaskGraph, "diagnostics">): boolean {
  return graph.diagnostics.every((diagnostic) => diagnostic.severity !== "error");
}
