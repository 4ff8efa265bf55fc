import type { z } from "zod";
import { parsePlan } from "../graph/parse-plan.ts";
import type { Diagnostic, TaskGraph } from "../graph/task-graph.ts";
import { type DraftGraph, draftGraphSchema } from "./draft-graph-schema.ts";
import type { Verdict } from "./model-exchange.ts";
import { renderDraftMarkdown } from "./render-draft-markdown.ts";

/** GitHub holds 65,536 characters in an issue body; the goal above the plan needs some of them. */
const MAX_DRAFT_CHARS = 50_000;

export type CheckedDraft = {
  draft: DraftGraph;
  /** the task markdown a person accepts */
  markdown: string;
  /** the markdown as the compiler read it */
  graph: TaskGraph;
};

/**
 * A draft tool answer checked the way users' plans are: against the schema, then rendered to task
 * markdown and compiled by the same compiler. It passes with no diagnostic at all and only when the
 * markdown reads back as the tasks the model meant (ids, titles, dependencies, files, types); every
 * problem is told by task id, with the numbered markdown, so the model can repair it.
 */
export function checkDraftGraph(input: unknown): Verdict<CheckedDraft> {
  const parsed = draftGraphSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: `The plan does not match the tool's schema:\n${schemaProblems(parsed.error)}\nCall the tool again with the whole plan.`,
      candidate: null,
      usable: false,
    };
  }
  const draft = parsed.data;
  const markdown = renderDraftMarkdown(draft);
  const graph = parsePlan(markdown);
  const checked = { draft, markdown, graph };
  const problems = [
    ...graph.diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, graph)),
    ...readBackProblems(draft, graph),
    ...(markdown.length > MAX_DRAFT_CHARS
      ? [
          `- the plan text is ${markdown.length} characters; it must stay under ${MAX_DRAFT_CHARS} to fit in a GitHub issue with its goal: write shorter descriptions or fewer tasks.`,
        ]
      : []),
  ];
  if (problems.length === 0) return { ok: true, value: checked };
  const errors = graph.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  const readBack = problems.length - graph.diagnostics.length;
  const numbered = markdown
    .trimEnd()
    .split("\n")
    .map((line, index) => `${String(index + 1).padStart(4)} | ${line}`)
    .join("\n");
  return {
    ok: false,
    problems: [
      `Foreman's compiler found ${problems.length} problem${problems.length === 1 ? "" : "s"} in the plan:`,
      ...problems,
      "",
      "Fix every problem and call the tool again with the whole plan. The plan as the compiler read it:",
      numbered,
    ].join("\n"),
    candidate: checked,
    usable: errors === 0 && readBack === 0 && markdown.length <= MAX_DRAFT_CHARS,
  };
}

function schemaProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 30)
    .map((issue) => `- ${issue.path.length > 0 ? issue.path.join(".") : "(the answer)"}: ${issue.message}`)
    .join("\n");
}

/** The task whose section holds a line: the last task starting at or before it. */
function taskAt(line: number, graph: TaskGraph): string | null {
  let found: string | null = null;
  for (const task of graph.tasks) if (task.line <= line) found = task.id;
  return found;
}

function describeDiagnostic(diagnostic: Diagnostic, graph: TaskGraph): string {
  const task = taskAt(diagnostic.line, graph);
  const where = task === null ? `line ${diagnostic.line}` : `${task} (line ${diagnostic.line})`;
  const hint = diagnostic.hint.trim() === "" ? "" : ` Hint: ${diagnostic.hint.trim()}`;
  return `- ${diagnostic.severity} ${diagnostic.code} at ${where}: ${diagnostic.message}${hint}`;
}

/** Where the markdown does not say what the model meant (a title ending in a status word, a path with a backtick). */
function readBackProblems(draft: DraftGraph, graph: TaskGraph): string[] {
  const problems: string[] = [];
  const compiled = new Map(graph.tasks.map((task) => [task.id, task]));
  for (const task of draft.tasks) {
    const read = compiled.get(task.id);
    if (!read) {
      problems.push(
        `- ${task.id}: the compiler did not read it as a task; use an id such as T1 and a plain title.`,
      );
      continue;
    }
    if (read.status !== "todo")
      problems.push(`- ${task.id}: its title reads as status '${read.status}'; reword the end of the title.`);
    const wanted = [...new Set(task.deps.map((dep) => dep.id.trim()))].sort().join(", ");
    const got = [...new Set(read.deps.map((dep) => dep.id))].sort().join(", ");
    if (wanted !== got) problems.push(`- ${task.id}: dependencies read back as [${got}], not [${wanted}].`);
    if (read.files.join("\n") !== task.files.map((file) => file.trim()).join("\n"))
      problems.push(`- ${task.id}: files read back as [${read.files.join(", ")}]; give plain paths.`);
    if (read.type !== task.type) problems.push(`- ${task.id}: type read back as ${read.type ?? "none"}.`);
  }
  const extra = graph.tasks.filter((task) => !draft.tasks.some((wanted) => wanted.id === task.id));
  for (const task of extra)
    problems.push(
      `- ${task.id}: read as an extra task (line ${task.line}); a description must not contain task headings or checklists with ids.`,
    );
  return problems;
}
