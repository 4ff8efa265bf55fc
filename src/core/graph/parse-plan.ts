import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { extractPlan } from "./extract-plan.ts";
import { readYamlMapping } from "./read-yaml-mapping.ts";
import { resolvePlan } from "./resolve-plan.ts";
import { splitAtHeadings } from "./split-at-headings.ts";
import { type Diagnostic, planSettingsSchema, type TaskGraph } from "./task-graph.ts";
import { validateGraph } from "./validate-graph.ts";

/** Moves every position in a tree parsed from a later piece of the document to where it really is. */
function shiftPositions(root: Root, lines: number, offset: number): void {
  const stack: Nodes[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const position = node.position;
    if (position) {
      position.start.line += lines;
      position.end.line += lines;
      if (position.start.offset !== undefined) position.start.offset += offset;
      if (position.end.offset !== undefined) position.end.offset += offset;
    }
    if ("children" in node) stack.push(...(node.children as Nodes[]));
  }
}

/**
 * The markdown syntax tree Foreman reads plans from: remark's own CommonMark parser. Checkboxes are read
 * from each item's source text rather than by GitHub's task-list extension: that covers `[ ]` and `[x]`
 * exactly as GitHub does and also reads marks GitHub ignores (`[✓]`, `[→]`, `[ ]*`). Large documents are
 * parsed piece by piece, cut before top-level headings where the result is the same as a whole parse
 * (see splitAtHeadings): the parser slows down more than linearly with size, so a thousand-task plan
 * parses about twice as fast this way.
 */
export function parseMarkdown(text: string): Root {
  const starts = splitAtHeadings(text);
  if (starts.length === 1) return fromMarkdown(text);
  const root: Root = { type: "root", children: [] };
  let linesBefore = 0;
  starts.forEach((start, index) => {
    // Each piece stops before the newline that ends it, as the whole parse ends a block there too.
    const next = starts[index + 1];
    const piece = text.slice(start, next === undefined ? text.length : next - 1);
    const tree = fromMarkdown(piece);
    if (start > 0) shiftPositions(tree, linesBefore, start);
    root.children.push(...tree.children);
    root.position = {
      start: { line: 1, column: 1, offset: 0 },
      end: tree.position?.end ?? { line: 1, column: 1, offset: 0 },
    };
    linesBefore += 1;
    for (let at = piece.indexOf("\n"); at !== -1; at = piece.indexOf("\n", at + 1)) linesBefore++;
  });
  return root;
}

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
  const { value, diagnostic } = readYamlMapping(match[1] ?? "", 2, "front matter");
  if (diagnostic) diagnostics.push(diagnostic);
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
 * Task markdown → the canonical task graph. Never throws: whatever the input, the answer is a graph whose
 * `diagnostics` say what is wrong, where, and what to do. A graph with an error diagnostic is invalid.
 */
export function parsePlan(markdown: string): TaskGraph {
  const diagnostics: Diagnostic[] = [];
  const { body, settings: frontMatter } = splitFrontMatter(normalize(markdown), diagnostics);
  const draft = extractPlan(body, parseMarkdown(body), frontMatter);
  const resolved = resolvePlan(draft);
  diagnostics.push(...draft.diagnostics, ...resolved.diagnostics);
  diagnostics.push(...validateGraph(resolved.tasks, resolved.parallelGroups));
  return {
    title: draft.title,
    summary: draft.summary,
    settings: checkSettings(draft.settings, diagnostics),
    dependencyMode: resolved.dependencyMode,
    phases: resolved.phases,
    tasks: resolved.tasks,
    diagnostics: diagnostics.sort(byPosition),
  };
}

/** True when the graph can be used: no error diagnostics (warnings are fine). */
export function isValidGraph(graph: Pick<TaskGraph, "diagnostics">): boolean {
  return graph.diagnostics.every((diagnostic) => diagnostic.severity !== "error");
}
