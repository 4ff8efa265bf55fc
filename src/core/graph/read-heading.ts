import { isDecorationToken, readLeadingStatus, readTrailingStatus } from "./read-status.ts";
import type { DocumentStatus } from "./task-graph.ts";

export type SectionKind = "description" | "steps" | "acceptance" | "verify" | "specs" | "files" | "deps";

export type HeadingKind =
  | { kind: "task"; id: string; title: string; status: DocumentStatus | null; idWritten: string }
  | { kind: "group"; name: string }
  | { kind: "section"; section: SectionKind; label: string }
  | { kind: "dependencies" }
  | { kind: "other"; text: string };

const ID = String.raw`[A-Za-z]{0,8}-?\d+[a-z]?(?:\.\d+)*`;
const SEPARATOR = String.raw`\s*(?:[:.)]|\s[-–—]|[-–—]\s)\s*`;

// "Task 3: Title", "TASK #002: Title", "Task 1.2 - Title", "Task 3", "Task 4 Write docs"
const TASK_WORD = new RegExp(String.raw`^task\s*#?\s*(${ID})(?:${SEPARATOR}(.*)|\s+(.*))?$`, "i");
// "Task: id - Title"
const TASK_COLON = /^task\s*:\s*([\w.-]+)\s+[-–—:]\s+(.+)$/i;
// "T003: Title", "#004 - Title", "FEAT-12: Title", "T008 [P] Title" (the markers a checklist item has
// after its id); an upper-case prefix keeps prose such as "Go 1.2" out
const PREFIXED_ID = new RegExp(
  String.raw`^(#?[A-Z]{1,8}-?\d+[a-z]?(?:\.\d+)*|#\d+(?:\.\d+)*)(?:${SEPARATOR}|\s+(?=\[))(.+)$`,
);
// "T008 Add linting", "#004 Title": an id of two digits or more and a title, no separator; one digit
// ("S3 bucket", "V2 API") is too often a name to be taken for an id without one
const SPACED_ID = /^(#?[A-Z]{1,8}-?\d{2,}[a-z]?(?:\.\d+)*|#\d+(?:\.\d+)*)\s+(\S.*)$/;
/** A heading that starts like a task's but is read as none: said in a warning, never dropped silently. */
export const LOOKS_LIKE_TASK = /^(?:task\s*#?\s*\d|#?[A-Z]{1,8}-?\d+[a-z]?\b)/i;
// "3. Title", "3) Title", "2.1 Title" — a bare "2024 roadmap" is not a task
const NUMBERED = /^(\d+(?:\.\d+)+)[.)]?\s+(.+)$|^(\d+)[.)]\s+(.+)$/;

// A group heading names its number or title after the word: "Phase 3: …", "Epic: Billing", "User Story 2";
// "Phase Details" or "Phase Dependencies" is a section about the groups.
const GROUP =
  /^(?:phase|epic|user\s+story|story|stage|milestone|sprint|iteration|wave|part|track)\b(?=\s*(?:$|\d|[:#–—-]|[IVX]+\b)|\s+[\p{Lu}\d][^\s]*\s*[:–—-])/iu;

/** Numbered headings that are document structure, not work: "## 1. Overview". */
const NOT_A_TASK_TITLE =
  /^(?:objectives?|architecture(?:\s+decisions?)?|requirements?|design|deliverables|timeline|milestones|success\s+criteria|acceptance\s+criteria|testing\s+strategy|test\s+plan|risks?(?:\s+and\s+mitigations?)?|dependencies|implementation\s+notes|technical\s+(?:approach|details|design)|problem(?:\s+statement)?|solution|approach|status|progress|next\s+steps|overview|introduction|intro|background|summary|conclusions?|references?|appendix|notes?|glossary|(?:table of )?contents|motivation|faq|license|changelog|context|goals?|non-goals|scope|resources|open questions)\b/i;

const SECTION_LABELS: ReadonlyArray<[RegExp, SectionKind]> = [
  [
    /^(?:objective|objectives|description|goal|goals|overview|summary|context|background|details|purpose|why|what)$/i,
    "description",
  ],
  [
    /^(?:implementation\s+steps|steps|implementation|implementation\s+plan|sub-?tasks|tasks|checklist|todo|to-?do|plan|work\s+items|research\s+requirements|cli\s+testing\s+requirements)$/i,
    "steps",
  ],
  [
    /^(?:acceptance\s+criteria|acceptance|done\s+when|definition\s+of\s+done|success\s+criteria|exit\s+criteria|expected\s+outcome|expected\s+results?)$/i,
    "acceptance",
  ],
  [
    /^(?:verification|verification\s+method|verification\s+steps|verify|how\s+to\s+verify|how\s+to\s+test|test\s+plan|testing|tests|validation|commands)$/i,
    "verify",
  ],
  [
    /^(?:technical\s+specifications?|technical\s+specs?|specifications?|specs?|technical\s+notes|technical\s+details|implementation\s+notes|constraints|design|notes)$/i,
    "specs",
  ],
  [/^(?:files|files\s+to\s+change|files\s+touched|affected\s+files|paths)$/i, "files"],
  [/^(?:dependencies|dependency|depends\s+on|prerequisites|blocked\s+by|requires)$/i, "deps"],
];

/** The section a label such as "Acceptance Criteria" or "Verification Method" opens; null if none. */
export function sectionOfLabel(label: string): SectionKind | null {
  const bare = label
    .replace(/[*_`:]+/g, " ")
    .replace(/\s*\(.*\)\s*$/, "")
    .trim();
  for (const [pattern, section] of SECTION_LABELS) if (pattern.test(bare)) return section;
  return null;
}

function withTrailingStatus(
  id: string,
  idWritten: string,
  titleText: string | undefined,
): Extract<HeadingKind, { kind: "task" }> {
  const raw = (titleText ?? "").trim();
  const { status, rest } = readTrailingStatus(raw);
  return { kind: "task", id, idWritten, title: rest || raw, status };
}

/**
 * Classifies a heading's plain text: a task ("Task 3: Title", "T003: Title", "🎯 TASK #002: Title",
 * "3. Title", "Task: id - Title"), a group of tasks (Phase, Epic, User Story…), a section inside a
 * task (Acceptance Criteria…), the plan's dependency section, or anything else.
 */
export function classifyHeading(text: string): HeadingKind {
  const leading = readLeadingStatus(text);
  const cleaned = leading.rest.trim();
  if (
    /^dependenc(?:y|ies)\b|^(?:task\s+)?dependenc|^execution\s+order\b|^ordering\b|^[\p{L}\s-]{0,30}\bdependenc(?:y|ies)(?:\s+graph|\s+map)?\s*$/iu.test(
      cleaned,
    )
  ) {
    return { kind: "dependencies" };
  }
  const section = sectionOfLabel(cleaned);
  if (section) return { kind: "section", section, label: cleaned };
  if (GROUP.test(cleaned)) return { kind: "group", name: groupName(cleaned) };

  let task: Extract<HeadingKind, { kind: "task" }> | null = null;
  const taskWord = TASK_WORD.exec(cleaned);
  const taskColon = TASK_COLON.exec(cleaned);
  const prefixed = PREFIXED_ID.exec(cleaned) ?? SPACED_ID.exec(cleaned);
  const numbered = NUMBERED.exec(cleaned);
  if (taskWord) {
    const written = taskWord[1] ?? "";
    task = withTrailingStatus(written, written, taskWord[2] ?? taskWord[3] ?? `Task ${written}`);
  } else if (taskColon) {
    task = withTrailingStatus(taskColon[1] ?? "", taskColon[1] ?? "", taskColon[2]);
  } else if (prefixed) {
    const written = prefixed[1] ?? "";
    task = withTrailingStatus(written.replace(/^#/, ""), written, prefixed[2]);
  } else if (numbered) {
    const written = numbered[1] ?? numbered[3] ?? "";
    const title = numbered[2] ?? numbered[4] ?? "";
    if (!NOT_A_TASK_TITLE.test(title)) task = withTrailingStatus(written, written, title);
  }
  if (task) {
    if (!task.status && leading.status) task.status = leading.status;
    return task;
  }
  return { kind: "other", text: cleaned };
}

/** "Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3" → "Phase 3.2: Tests First (TDD)". */
function groupName(text: string): string {
  const tokens = text.split(/\s+/);
  // Only an emoji or a status marker ends the name: `&`, `+`, `-` and text in any script belong to it.
  const cut = tokens.findIndex(
    (token, index) =>
      index > 0 &&
      (/\p{Extended_Pictographic}/u.test(token) || readLeadingStatus(token).status !== null) &&
      isDecorationToken(token),
  );
  return (cut === -1 ? tokens : tokens.slice(0, cut)).join(" ").replace(/[\s:–—-]+$/, "");
}
