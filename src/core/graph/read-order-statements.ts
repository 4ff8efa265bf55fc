import type { PlacedReference } from "./draft-task.ts";
import { readReferences } from "./read-references.ts";
import type { Diagnostic } from "./task-graph.ts";

/** One line of a plan's dependency prose (or of a flowchart in it), where it was written. */
export interface OrderLine {
  text: string;
  line: number;
  column: number;
}

/** A group of tasks (phase, user story…) as prose may name it. */
export interface NamedGroup {
  id: string;
  name: string;
}

/** The tasks and groups one side of a statement names; `others` = every task the other side does not. */
export interface OrderSide {
  tasks: PlacedReference[];
  groups: string[];
  others: boolean;
}

export type OrderStatement =
  | { kind: "after"; dependents: OrderSide; blockers: OrderSide; line: number }
  | { kind: "parallel"; members: OrderSide; line: number }
  | { kind: "sequence"; steps: OrderSide[]; line: number }
  | { kind: "independent"; members: OrderSide; line: number };

const FORWARD =
  /\b(?:must\s+(?:complete|finish|be\s+(?:done|completed|finished))\s+before|blocks?|unblocks?|before|precedes?|is\s+required\s+by)\b/i;
const BACKWARD =
  /\b(?:(?:all\s+)?depends?\s+on|dependent\s+on|can\s+(?:only\s+)?(?:start|begin|run|proceed)\s+(?:only\s+)?(?:after|once)|starts?\s+after|after|requires?|needs?|waits?\s+(?:for|on)|blocked\s+by|once|following|follows?|builds?\s+on|comes?\s+after)\b/i;
const PARALLEL =
  /\b(?:in\s+parallel|parallel(?:izable)?|concurrently|simultaneously|at\s+the\s+same\s+time)\b/i;
const SEQUENTIAL =
  /\b(?:sequential(?:ly)?|in\s+sequence|in\s+order|one\s+after\s+(?:another|the\s+other))\b/i;
const INDEPENDENT =
  /^\s*(?:no\s+(?:other\s+)?dependenc(?:y|ies)|independent|none\b|can\s+start\s+immediately|start\s+immediately|no\s+prerequisites)/i;
/** Phrases that relate work without ordering it: "benefits from US1", "integrates with US2". */
const SOFT =
  /\b(?:benefits?\s+from|integrates?\s+with|uses?|reuses?|touches|shares?|enhances?|extends?|may|could|optional(?:ly)?|see)\b/i;
const ARROW = /\s*(?:-{1,3}>|={1,2}>|→|⟶|─+►|─+>|-\.->|==>)\s*/;
const EVERYONE_ELSE =
  /\b(?:any|all)\s+other\s+tasks?\b|\beverything(?:\s+else)?\b|\ball\s+(?:remaining\s+|other\s+)?tasks\b/i;

// Group phrases: "User Story 2", "Story 2", "US2", "US1-3", "Phase 3", "Phases 3–5", "Phase 3+", "P1".
const GROUP_PHRASE =
  /\b(?:(user\s+stor(?:y|ies)|stor(?:y|ies)|us)\s*-?\s*(\d+)(?:\s*(?:-|–|—|to)\s*(?:us\s*)?(\d+))?|(phases?|stages?|milestones?|epics?|sprints?|iterations?|waves?|parts?)\s+(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to|and)\s*(\d+(?:\.\d+)?)|(\+))?|(final|last)\s+phase|\(?\b(p\d)\b\)?\s*(?:stor(?:y|ies))?|((?:all\s+(?:the\s+)?)?(?:desired\s+|other\s+|remaining\s+)?(?:user\s+)?stories)|(all\s+(?:other\s+|previous\s+|prior\s+)?phases))\b/gi;

interface GroupIndex {
  byKind: Map<string, string[]>;
  priorities: Map<string, string[]>;
  words: Map<string, string[]>;
  stories: string[];
  all: string[];
}

const STOP_WORDS = new Set([
  "phase",
  "user",
  "story",
  "stories",
  "the",
  "and",
  "final",
  "part",
  "stage",
  "with",
]);

function kindOf(word: string): "story" | "phase" {
  return /^(?:user\s+stor|stor|us)/i.test(word) ? "story" : "phase";
}

function addTo(map: Map<string, string[]>, key: string, id: string): void {
  const ids = map.get(key) ?? [];
  if (!ids.includes(id)) ids.push(id);
  map.set(key, ids);
}

/** Every way prose may name each group: its number as a phase and as a story, its priority, its key word. */
function indexGroups(groups: readonly NamedGroup[]): GroupIndex {
  const index: GroupIndex = {
    byKind: new Map(),
    priorities: new Map(),
    words: new Map(),
    stories: [],
    all: [],
  };
  for (const group of groups) {
    index.all.push(group.id);
    const name = group.name;
    for (const match of name.matchAll(/\b(user\s+story|story|us)\s*-?\s*(\d+)\b/gi)) {
      addTo(index.byKind, `story ${Number(match[2])}`, group.id);
      if (!index.stories.includes(group.id)) index.stories.push(group.id);
    }
    const leading = /^(phase|stage|milestone|epic|sprint|iteration|wave|part|track)\s+(\d+(?:\.\d+)*)/i.exec(
      name,
    );
    if (leading) addTo(index.byKind, `phase ${numberKey(leading[2] ?? "")}`, group.id);
    for (const match of name.matchAll(/\b(?:priority\s*:?\s*)?\(?\b(P\d)\b\)?/g))
      addTo(index.priorities, (match[1] ?? "").toLowerCase(), group.id);
    const title = name
      .replace(
        /^(?:phase|stage|milestone|epic|sprint|iteration|wave|part|track)\s*[\d.]*\s*[:.\-–—]?\s*/i,
        "",
      )
      .replace(/\b(?:user\s+story|story|us)\s*-?\s*\d+\s*[:.\-–—]?\s*/gi, "");
    const word = /^[\p{L}][\p{L}-]{3,}/u.exec(title)?.[0]?.toLowerCase();
    if (word && !STOP_WORDS.has(word)) addTo(index.words, word, group.id);
  }
  return index;
}

/** "03" and "3" are one phase; "3.2" stays as written. */
function numberKey(text: string): string {
  return text.includes(".") ? text : String(Number(text));
}

function phaseNumber(groupId: string, index: GroupIndex): number | null {
  for (const [key, ids] of index.byKind)
    if (key.startsWith("phase ") && ids.includes(groupId)) return Number(key.slice(6));
  return null;
}

/**
 * Reads one side of a statement: task references, and the groups it names. Group phrases are taken out
 * before task references are read, so "User Story 1" or "Phase 2" never stands for task 1 or task 2.
 */
function readSide(
  text: string,
  at: OrderLine,
  offset: number,
  index: GroupIndex,
  unknown: string[],
): OrderSide {
  const side: OrderSide = { tasks: [], groups: [], others: EVERYONE_ELSE.test(text) };
  let masked = text;
  const priorities: string[] = [];
  const mask = (start: number, length: number) => {
    masked = masked.slice(0, start) + " ".repeat(length) + masked.slice(start + length);
  };
  for (const match of text.matchAll(GROUP_PHRASE)) {
    const start = match.index ?? 0;
    mask(start, match[0].length);
    const found: string[] = [];
    if (match[1] !== undefined || match[4] !== undefined) {
      const kind = kindOf(match[1] ?? match[4] ?? "");
      const firstText = match[2] ?? match[5] ?? "";
      const last = match[3] ?? match[6];
      if (match[7] === "+") {
        for (const id of index.all) if ((phaseNumber(id, index) ?? -1) >= Number(firstText)) found.push(id);
      } else if (firstText.includes(".")) {
        found.push(...(index.byKind.get(`${kind} ${firstText}`) ?? []));
      } else {
        const first = Number(firstText);
        const end = last === undefined || last.includes(".") ? first : Number(last);
        for (let number = first; number <= Math.min(end, first + 100); number++)
          found.push(...(index.byKind.get(`${kind} ${number}`) ?? []));
      }
    } else if (match[8] !== undefined) {
      const last = index.all[index.all.length - 1];
      if (last) found.push(last);
    } else if (match[9] !== undefined) {
      priorities.push(...(index.priorities.get(match[9].toLowerCase()) ?? []));
      continue;
    } else if (match[10] !== undefined) {
      found.push(...index.stories);
    } else if (match[11] !== undefined) {
      side.others = true;
      continue;
    }
    if (found.length === 0) unknown.push(match[0].trim());
    for (const id of found) if (!side.groups.includes(id)) side.groups.push(id);
  }
  for (const [word, ids] of index.words) {
    const pattern = new RegExp(`(?<![\\p{L}\\d])${word}(?![\\p{L}\\d])`, "iu");
    const match = pattern.exec(masked);
    if (!match) continue;
    mask(match.index, match[0].length);
    for (const id of ids) if (!side.groups.includes(id)) side.groups.push(id);
  }
  // "(P1)" next to a story it names is that story's priority; alone it names every group of that priority.
  if (side.groups.length === 0) side.groups.push(...priorities);
  // File names in parentheses ("T016 (models.py)") and version numbers are not references.
  const cleaned = masked.replace(/\([^)]*\.[a-z]{1,5}\)|`[^`]*`|\bv?\d+\.\d+\.\d+\b/gi, (match) =>
    " ".repeat(match.length),
  );
  const list = readReferences(cleaned);
  if (list.kind === "refs")
    side.tasks = list.refs
      .filter((ref) => /[A-Za-z]|^#?\d+(?:\.\d+)*$/.test(ref.text) && !/^\d{4}$/.test(ref.text))
      .map((ref) => ({ ref, line: at.line, column: at.column + offset + ref.offset }));
  return side;
}

function isEmpty(side: OrderSide): boolean {
  return side.tasks.length === 0 && side.groups.length === 0 && !side.others;
}

function firstMatch(
  text: string,
  patterns: RegExp[],
): { index: number; length: number; pattern: RegExp } | null {
  let best: { index: number; length: number; pattern: RegExp } | null = null;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && (best === null || match.index < best.index))
      best = { index: match.index, length: match[0].length, pattern };
  }
  return best;
}

/** Splits a statement's body into clauses: "Depends on Setup - BLOCKS all user stories". */
function clausesOf(body: string): Array<{ text: string; offset: number }> {
  const clauses: Array<{ text: string; offset: number }> = [];
  const separator =
    /\s+[-–—]\s+|;\s*|\.\s+(?=[A-Z])|,\s+(?=(?:and\s+)?(?:then\s+)?(?:depends|blocks|can|must|after|before|requires|needs|no\s))/g;
  let start = 0;
  for (const match of body.matchAll(separator)) {
    clauses.push({ text: body.slice(start, match.index), offset: start });
    start = (match.index ?? 0) + match[0].length;
  }
  clauses.push({ text: body.slice(start), offset: start });
  return clauses.filter((clause) => clause.text.trim() !== "");
}

/**
 * Reads a plan's dependency prose the way its author meant it: tasks (T016 blocks T018), groups (User
 * Story 2 can start after Foundational (Phase 2)), ranges of both, "in parallel", "sequential", arrows
 * (T001 → T002, Phase2 --> Phase3) and "no dependencies". A line that names tasks or groups but cannot be
 * read, or names a group the plan does not have, gets a warning that quotes it.
 */
export function readOrderStatements(
  lines: readonly OrderLine[],
  groups: readonly NamedGroup[],
): { statements: OrderStatement[]; diagnostics: Diagnostic[] } {
  const index = indexGroups(groups);
  const statements: OrderStatement[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const at of lines) {
    const unknown: string[] = [];
    const before = statements.length;
    const body = at.text.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, "");
    const bodyOffset = at.text.length - body.length;
    const quoted = body.trim();
    let readable = readLine(body, bodyOffset, at, index, unknown, statements);
    if (!readable && statements.length === before) {
      const side = readSide(body, at, bodyOffset, index, []);
      readable = isEmpty(side) && !/\d/.test(body);
    }
    if (unknown.length > 0) {
      diagnostics.push({
        severity: "warning",
        code: "unknown-group-reference",
        line: at.line,
        column: at.column,
        message: `'${quoted}' names ${[...new Set(unknown)].map((name) => `'${name}'`).join(", ")}, which no phase or story heading of this plan matches, so it adds no order`,
        hint: `Name a group by its heading, e.g. ${groups[0] ? `'${groups[0].name}'` : "'Phase 1'"}, or a task by its id.`,
      });
    } else if (!readable) {
      diagnostics.push({
        severity: "warning",
        code: "unreadable-dependency",
        line: at.line,
        column: at.column,
        message: `could not tell which tasks '${quoted}' relates, so it adds no order`,
        hint: "Write it as `T016 blocks T018, T020`, `T027 requires T021, T023` or `User Story 2 can start after Phase 2`.",
      });
    }
  }
  return { statements, diagnostics };
}

/** Reads one line into statements; false when it names something but says nothing Foreman can read. */
function readLine(
  body: string,
  bodyOffset: number,
  at: OrderLine,
  index: GroupIndex,
  unknown: string[],
  statements: OrderStatement[],
): boolean {
  // Arrows: "T001 → T002 → T003", "Setup → Foundational → US1", "Phase2 --> Phase3".
  if (ARROW.test(body)) {
    const steps: OrderSide[] = [];
    let offset = 0;
    for (const part of body.split(ARROW)) {
      const spaced = part.replace(/\b(phase|us|story)(\d)/gi, "$1 $2").replace(/[[\](){}|"']/g, " ");
      const side = readSide(spaced, at, bodyOffset + offset, index, unknown);
      offset += part.length;
      if (!isEmpty(side)) steps.push(side);
    }
    if (steps.length >= 2) {
      statements.push({ kind: "sequence", steps, line: at.line });
      return true;
    }
  }
  // "Once Foundational is done, user stories can start in parallel", "After US1, US2 and US3 …".
  const lead = /^\s*(?:once|after|when)\s+(.+?),\s+(.+)$/i.exec(body);
  if (lead) {
    const blockers = readSide(lead[1] ?? "", at, bodyOffset, index, unknown);
    const restText = lead[2] ?? "";
    const restOffset = body.length - restText.length;
    const keyword = firstMatch(restText, [
      FORWARD,
      BACKWARD,
      PARALLEL,
      SEQUENTIAL,
      /\bcan\b|\bare\b|\bis\b|\bmay\b/i,
    ]);
    const dependents = readSide(
      restText.slice(0, keyword?.index ?? restText.length),
      at,
      bodyOffset + restOffset,
      index,
      unknown,
    );
    if (!isEmpty(blockers) && !isEmpty(dependents)) {
      statements.push({ kind: "after", dependents, blockers, line: at.line });
      if (PARALLEL.test(restText)) statements.push({ kind: "parallel", members: dependents, line: at.line });
      return true;
    }
  }
  const label =
    /^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*(.*)$/.exec(body) ?? /^([^:]{1,80}?):\s+(.+)$/.exec(body);
  let subject: OrderSide | null = null;
  let rest = body;
  let restOffset = 0;
  const labelText = label?.[1] ?? "";
  const labelRelates = [FORWARD, BACKWARD, PARALLEL, SEQUENTIAL].some((pattern) => pattern.test(labelText));
  if (label && !labelRelates) {
    const side = readSide(label[1] ?? "", at, bodyOffset + body.indexOf(label[1] ?? ""), index, unknown);
    if (!isEmpty(side)) {
      subject = side;
      rest = label[2] ?? "";
      restOffset = body.length - rest.length;
    }
  }
  if (subject === null) {
    const keyword = firstMatch(body, [FORWARD, BACKWARD, PARALLEL, SEQUENTIAL, /\bcan\b|\bare\b|\bis\b/i]);
    if (keyword === null) return false;
    subject = readSide(body.slice(0, keyword.index), at, bodyOffset, index, unknown);
    rest = body.slice(keyword.index);
    restOffset = keyword.index;
    if (isEmpty(subject)) return false;
  }
  let understood = false;
  for (const clause of clausesOf(rest)) {
    const clauseAt = bodyOffset + restOffset + clause.offset;
    const text = clause.text;
    const forward = FORWARD.exec(text);
    const backward = BACKWARD.exec(text);
    const parallel = PARALLEL.test(text);
    if (INDEPENDENT.test(text) && !backward) {
      statements.push({ kind: "independent", members: subject, line: at.line });
      understood = true;
      continue;
    }
    if (parallel) statements.push({ kind: "parallel", members: subject, line: at.line });
    if (SEQUENTIAL.test(text))
      statements.push({ kind: "sequence", steps: splitMembers(subject), line: at.line });
    if (parallel || SEQUENTIAL.test(text) || SOFT.test(text)) understood = true;
    const relation =
      forward && (!backward || forward.index < backward.index)
        ? { match: forward, direction: "forward" as const }
        : backward
          ? { match: backward, direction: "backward" as const }
          : null;
    if (relation) {
      const objectStart = relation.match.index + relation.match[0].length;
      if (/^\s*(?:nothing|none|no\s+(?:other\s+)?\w+|n\/a)\b/i.test(text.slice(objectStart))) {
        statements.push({ kind: "independent", members: subject, line: at.line });
        understood = true;
        continue;
      }
      const object = readSide(text.slice(objectStart), at, clauseAt + objectStart, index, unknown);
      if (!isEmpty(object)) {
        statements.push(
          relation.direction === "forward"
            ? { kind: "after", dependents: object, blockers: subject, line: at.line }
            : { kind: "after", dependents: subject, blockers: object, line: at.line },
        );
        understood = true;
      }
    }
  }
  return understood || unknown.length > 0;
}

/** Each named task or group of a side, in the order written, as a step of its own. */
function splitMembers(side: OrderSide): OrderSide[] {
  return [
    ...side.groups.map((group) => ({ tasks: [], groups: [group], others: false })),
    ...side.tasks.map((task) => ({ tasks: [task], groups: [], others: false })),
  ];
}
