import { z } from "zod";
import { type DraftPlan, type DraftTask, newDraftTask } from "./draft-task.ts";
import type { Reference } from "./read-references.ts";
import { readStatusValue } from "./read-status.ts";
import type { Diagnostic, DocumentStatus } from "./task-graph.ts";

const idSchema = z.union([z.number().int().nonnegative(), z.string().min(1)]);
const subtaskSchema = z
  .object({
    id: idSchema,
    title: z.string(),
    description: z.string().optional(),
    details: z.string().optional(),
    testStrategy: z.string().optional(),
    status: z.string().optional(),
    priority: z.string().optional(),
    dependencies: z.array(idSchema).optional(),
  })
  .passthrough();
const taskSchema = subtaskSchema.extend({ subtasks: z.array(subtaskSchema).optional() });
const tasksSchema = z.object({ tasks: z.array(taskSchema) }).passthrough();
type TaskMasterTask = z.infer<typeof taskSchema>;

/** Task Master's statuses that Foreman's words do not cover. */
const STATUS: Readonly<Record<string, DocumentStatus>> = {
  review: "in-progress",
  deferred: "skipped",
  cancelled: "skipped",
};

/** Line of each `"id": …` in the text, in order, so each task points at where it is written. */
function idLines(text: string, firstLine: number): number[] {
  const lines: number[] = [];
  let line = firstLine;
  let scanned = 0;
  for (const match of text.matchAll(/"id"\s*:/g)) {
    for (
      let at = text.indexOf("\n", scanned);
      at !== -1 && at < (match.index ?? 0);
      at = text.indexOf("\n", at + 1)
    )
      line++;
    scanned = match.index ?? 0;
    lines.push(line);
  }
  return lines;
}

function reference(text: string): Reference {
  return { text, offset: 0, hash: false };
}

/**
 * A Task Master `tasks.json` (`{"tasks": […]}`, or tagged `{"master": {"tasks": […]}}`) as drafted tasks:
 * ids, titles, description and details, test strategy as the check, status, priority, dependencies, and
 * subtasks as tasks `parent.sub` whose numeric dependencies name their sibling subtasks. Null when the
 * text is not such a file. `firstLine` is where the JSON starts in the document.
 */
export function readTaskMaster(text: string, firstLine = 1): DraftPlan | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const diagnostics: Diagnostic[] = [];
  let file = tasksSchema.safeParse(value);
  if (!file.success && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const tags = Object.entries(value).filter(([, tagged]) => tasksSchema.safeParse(tagged).success);
    const chosen = tags.find(([tag]) => tag === "master") ?? tags[0];
    if (chosen) {
      file = tasksSchema.safeParse(chosen[1]);
      if (tags.length > 1)
        diagnostics.push({
          severity: "warning",
          code: "task-master-tags",
          line: firstLine,
          column: 1,
          message: `this tasks.json has ${tags.length} tags (${tags.map(([tag]) => tag).join(", ")}); Foreman reads '${chosen[0]}'`,
          hint: "Put the tag you want to run in a file of its own, or under 'master'.",
        });
    }
  }
  if (!file.success) return null;
  const lines = idLines(text, firstLine);
  let next = 0;
  const tasks: DraftTask[] = [];
  const draftOf = (task: TaskMasterTask | z.infer<typeof subtaskSchema>, id: string, deps: string[]) => {
    const draft = newDraftTask(id, lines[next++] ?? firstLine, 1);
    draft.title = task.title.trim() || id;
    if (task.description) draft.description.push(task.description);
    if (task.details) draft.specs.push(task.details);
    if (task.testStrategy) draft.verify.push(task.testStrategy);
    const status = task.status?.toLowerCase() ?? "";
    draft.status = STATUS[status] ?? readStatusValue(status) ?? "todo";
    draft.priority = task.priority?.toLowerCase() ?? null;
    draft.depRefs = deps.map((dep) => ({ ref: reference(dep), line: draft.line, column: 1 }));
    draft.explicitNone = task.dependencies !== undefined && deps.length === 0;
    return draft;
  };
  for (const task of file.data.tasks) {
    const id = String(task.id);
    const parent = draftOf(task, id, (task.dependencies ?? []).map(String));
    parent.container = (task.subtasks ?? []).length > 0;
    tasks.push(parent);
    for (const subtask of task.subtasks ?? []) {
      const deps = (subtask.dependencies ?? []).map((dep) =>
        typeof dep === "number" || /^\d+$/.test(dep) ? `${id}.${dep}` : dep,
      );
      // A parent's dependencies hold back its subtasks too: the parent is only done when they are.
      tasks.push(
        draftOf(subtask, `${id}.${subtask.id}`, [...deps, ...(task.dependencies ?? []).map(String)]),
      );
    }
  }
  return { title: null, summary: "", settings: {}, phases: [], tasks, orderLines: [], diagnostics };
}
