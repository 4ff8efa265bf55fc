import { renderPlanMarkdown } from "../graph/render-plan-markdown.ts";
import type { DraftGraph } from "./draft-graph-schema.ts";
import { neutralizeText } from "./neutralize-text.ts";

/** One line: a title or a list item must not start a new block. */
function oneLine(text: string): string {
  return neutralizeText(text.replace(/\s+/g, " ").trim());
}

/**
 * A draft as Foreman's own task markdown (the same renderer `foreman plan` round-trips), every text
 * the model wrote neutralised first: that markdown is what the compiler checks and a person accepts.
 */
export function renderDraftMarkdown(draft: DraftGraph): string {
  return renderPlanMarkdown({
    title: oneLine(draft.title),
    tasks: draft.tasks.map((task) => ({
      id: task.id,
      title: oneLine(task.title),
      description: neutralizeText(task.description.trim()),
      deps: task.deps.map((dep) => ({
        id: neutralizeText(dep.id.trim()),
        source: "explicit" as const,
        line: null,
      })),
      files: task.files.map((file) => neutralizeText(file.trim(), "code")),
      acceptance: task.acceptance.map(oneLine),
      verify: task.verify.map((command) => neutralizeText(command.trim(), "code")),
      type: task.type,
      status: "todo" as const,
    })),
  });
}
