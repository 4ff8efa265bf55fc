import { type SectionKind, sectionOfLabel } from "./read-heading.ts";

export type FieldKey =
  | "deps"
  | "blocks"
  | "parallelWith"
  | "conflictsWith"
  | "files"
  | "priority"
  | "complexity"
  | "labels"
  | "type"
  | "agent"
  | "status"
  | "optional"
  | "parallel";

export interface FieldValue {
  key: FieldKey;
  value: string;
  /** 1-based column of the value's first character in the line. */
  column: number;
}

export type LineReading =
  | { kind: "fields"; fields: FieldValue[] }
  | { kind: "step"; text: string }
  | { kind: "run"; command: string }
  | { kind: "expected"; text: string }
  | { kind: "section"; section: SectionKind; value: string; column: number }
  | { kind: "text" };

const FIELD_KEYS: Readonly<Record<string, FieldKey>> = {
  "depends on": "deps",
  depends: "deps",
  dependencies: "deps",
  dependency: "deps",
  deps: "deps",
  "blocked by": "deps",
  after: "deps",
  requires: "deps",
  needs: "deps",
  prerequisites: "deps",
  prereqs: "deps",
  "waits for": "deps",
  blocks: "blocks",
  blocking: "blocks",
  unblocks: "blocks",
  before: "blocks",
  "parallel with": "parallelWith",
  "can run with": "parallelWith",
  "concurrent with": "parallelWith",
  "conflicts with": "conflictsWith",
  conflicts: "conflictsWith",
  "exclusive with": "conflictsWith",
  files: "files",
  file: "files",
  paths: "files",
  touches: "files",
  priority: "priority",
  complexity: "complexity",
  effort: "complexity",
  size: "complexity",
  labels: "labels",
  label: "labels",
  tags: "labels",
  type: "type",
  kind: "type",
  "task type": "type",
  agent: "agent",
  role: "agent",
  status: "status",
  state: "status",
  optional: "optional",
  parallel: "parallel",
};

// `**Key**: v`, `**Key:** v`, `__Key__: v`, `Key: v`, `- Key: v`, `_Key: v_`
const KEY_VALUE =
  /^(\s*(?:[-*+]\s+)?(_(?!_))?(?:\*\*|__)?)([A-Za-z][A-Za-z /&'-]{0,40}?)((?:\s*:\s*(?:\*\*|__))|(?:(?:\*\*|__)\s*:)|\s*:)(?=\s|$)\s*/;

const STEP = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?Step\s+\d+[a-z]?\s*[:.)–—-]\s*(.+?)(?:\*\*|__)?\s*$/i;
const RUN = /^\s*(?:\*\*|__)?Run(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(`[^`]+`|\S.*)$/;
const EXPECTED = /^\s*(?:\*\*|__)?Expected(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(.+)$/;

function readKeyValue(segment: string): { key: string; value: string; valueOffset: number } | null {
  const match = KEY_VALUE.exec(segment);
  if (!match) return null;
  const italic = match[2] !== undefined;
  let value = segment.slice(match[0].length);
  if (italic) value = value.replace(/_\s*$/, "");
  return { key: (match[3] ?? "").trim(), value: value.trimEnd(), valueOffset: match[0].length };
}

function fieldKeyOf(key: string): FieldKey | null {
  return FIELD_KEYS[key.toLowerCase().replace(/\s+/g, " ")] ?? null;
}

/**
 * Reads one source line: field lines (`**Priority**: HIGH | **Complexity**: MEDIUM`, `Depends on: T1`),
 * section labels (`**Acceptance Criteria**:`), or plain text. An empty `Files:` or `Dependencies:` opens
 * a section whose list items carry the values.
 */
export function readLine(line: string): LineReading {
  // superpowers plans: `**Step 2: Run the test**`, then `Run: \`npm test\`` and `Expected: FAIL`.
  const step = STEP.exec(line);
  if (step) return { kind: "step", text: (step[1] ?? "").trim() };
  const run = RUN.exec(line);
  if (run) return { kind: "run", command: (run[1] ?? "").trim().replace(/^`+|`+$/g, "") };
  const expected = EXPECTED.exec(line);
  if (expected) return { kind: "expected", text: (expected[1] ?? "").trim() };
  const first = readKeyValue(line);
  if (!first) return { kind: "text" };
  const firstKey = fieldKeyOf(first.key);
  if (firstKey) {
    if (first.value.trim() === "" && (firstKey === "deps" || firstKey === "files")) {
      return { kind: "section", section: firstKey, value: "", column: first.valueOffset + 1 };
    }
    return { kind: "fields", fields: readFieldSegments(line) };
  }
  const section = sectionOfLabel(first.key);
  if (section) return { kind: "section", section, value: first.value.trim(), column: first.valueOffset + 1 };
  // An unknown bold label (`**CRITICAL ITERATION REQUIREMENT**:`) starts prose of its own; it is kept as text.
  if (/^\s*(?:\*\*|__)/.test(line))
    return { kind: "section", section: "description", value: line.trim(), column: 1 };
  return { kind: "text" };
}

function readFieldSegments(line: string): FieldValue[] {
  const fields: FieldValue[] = [];
  let offset = 0;
  for (const segment of line.split(/(?<=\S)\s\|\s(?=\S)/)) {
    const start = line.indexOf(segment, offset);
    offset = start + segment.length;
    const parsed = readKeyValue(segment);
    const key = parsed ? fieldKeyOf(parsed.key) : null;
    if (!parsed || !key) continue;
    fields.push({ key, value: parsed.value.trim(), column: start + parsed.valueOffset + 1 });
  }
  return fields;
}
