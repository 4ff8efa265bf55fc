import type { DraftTask, PlacedReference } from "./draft-task.ts";
import type { FieldKey } from "./read-fields.ts";
import { readReferences } from "./read-references.ts";
import { isDecorationToken, readStatusValue } from "./read-status.ts";
import type { Diagnostic } from "./task-graph.ts";

export interface Place {
  line: number;
  column: number;
}

const ACCEPTED_FORMS_OF_REFERENCES =
  "Name tasks by id: `T001`, `Task 3`, `3`, `#12`, ranges such as `T004-T015`, or `none`.";

/** Removes markdown emphasis, code ticks and decoration so `**HIGH** 🔥` reads as `HIGH`. */
export function plainValue(value: string): string {
  return value
    .replace(/[*_`]/g, "")
    .split(/\s+/)
    .filter((token) => token !== "" && !isDecorationToken(token))
    .join(" ");
}

/** Splits `a.py, b.py and \`c/d.ts\`` into paths; inline code wins when present. */
export function splitList(value: string): string[] {
  const code = [...value.matchAll(/`([^`]+)`/g)].map((match) => (match[1] ?? "").trim());
  if (code.length > 0) return code.filter(Boolean);
  return value
    .split(/\s*,\s*|\s*;\s*|\s+and\s+/)
    .map((part) => part.replace(/[*_]/g, "").trim())
    .filter(Boolean);
}

/**
 * Paths from a Files value or list item: `Create: \`src/a.ts\``, `Modify: \`src/b.ts:12-30\``, `c.ts (new)`.
 * The action word and line ranges are dropped, and text that is not a path (prose with spaces) is not a
 * file: files are locks for parallel work, so junk there would serialise tasks.
 */
export function splitFiles(value: string): string[] {
  return splitList(
    value.replace(
      /^\s*(?:create|modify|test|tests|delete|update|add|new|edit|remove|rename|read)\s*:\s*/i,
      "",
    ),
  )
    .map((path) =>
      path
        .replace(/^(?:create|modify|test|delete|update|add|new|edit|remove)\s*:\s*/i, "")
        .replace(/\s*\((?:new|modify|modified|create|created|edit|update|delete)\)\s*$/i, "")
        .replace(/:\d+(?:-\d+)?$/, "")
        .trim(),
    )
    .filter((path) => path !== "" && !/\s/.test(path));
}

function placeReferences(value: string, at: Place, diagnostics: Diagnostic[]): PlacedReference[] | "none" {
  const list = readReferences(value);
  if (list.kind === "none") return "none";
  for (const problem of list.problems) {
    diagnostics.push({
      severity: "error",
      code: "invalid-range",
      line: at.line,
      column: at.column + problem.offset,
      message: problem.message,
      hint: problem.hint,
    });
  }
  if (list.refs.length === 0 && list.problems.length === 0 && value.trim() !== "") {
    diagnostics.push({
      severity: "warning",
      code: "no-task-reference",
      line: at.line,
      column: at.column,
      message: `'${value.trim()}' names no task, so no dependency was recorded`,
      hint: ACCEPTED_FORMS_OF_REFERENCES,
    });
  }
  return list.refs.map((ref) => ({ ref, line: at.line, column: at.column + ref.offset }));
}

function isYes(value: string): boolean {
  return /^(?:yes|y|true|1|x|✓|✔)$/i.test(plainValue(value));
}

/** Applies one `Key: value` field (from a field line, a list item or a YAML block) to a task. */
export function applyField(
  task: DraftTask,
  key: FieldKey,
  value: string,
  at: Place,
  diagnostics: Diagnostic[],
): void {
  switch (key) {
    case "deps": {
      const refs = placeReferences(value, at, diagnostics);
      if (refs === "none") task.explicitNone = true;
      else task.depRefs.push(...refs);
      return;
    }
    case "blocks":
    case "parallelWith":
    case "conflictsWith": {
      const refs = placeReferences(value, at, diagnostics);
      if (refs === "none") return;
      const target =
        key === "blocks" ? task.blockRefs : key === "parallelWith" ? task.parallelRefs : task.conflictRefs;
      target.push(...refs);
      return;
    }
    case "files":
      task.files.push(...splitFiles(value));
      return;
    case "labels":
      task.labels.push(...splitList(value).map(plainValue).filter(Boolean));
      return;
    case "priority":
      task.priority = plainValue(value).toLowerCase() || null;
      return;
    case "complexity":
      task.complexity = plainValue(value).toLowerCase() || null;
      return;
    case "type":
      task.type = plainValue(value).toLowerCase() || null;
      task.typeAt = at;
      return;
    case "agent":
      task.agent = plainValue(value) || null;
      return;
    case "status": {
      const status = readStatusValue(value);
      if (status) task.status = status;
      else
        diagnostics.push({
          severity: "warning",
          code: "unknown-status",
          line: at.line,
          column: at.column,
          message: `status '${value.trim()}' is not one Foreman knows, so the task counts as not started`,
          hint: "Use one of: Not Started, In Progress, Done, Blocked, Skipped.",
        });
      return;
    }
    case "optional":
      task.optional = isYes(value);
      return;
    case "parallel":
      task.parallel = isYes(value);
      return;
  }
}
