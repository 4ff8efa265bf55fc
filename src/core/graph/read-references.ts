/**
 * Reading task references out of free text: `T001`, `Task 3`, `3`, `#001`, `2.1`, ranges such as
 * `T001-T003` or `T004–T015`, and the explicit "no dependencies" words.
 */

export interface Reference {
  /** The reference as written, without decoration: "T004", "3", "#12", "2.1". */
  text: string;
  /** 0-based offset of the reference inside the scanned text, for column numbers. */
  offset: number;
  /** Written with a leading `#`: may name an existing GitHub issue when no task has that id. */
  hash: boolean;
}

export type ReferenceList =
  | { kind: "none"; offset: number }
  | { kind: "refs"; refs: Reference[]; problems: ReferenceProblem[] };

export interface ReferenceProblem {
  offset: number;
  message: string;
  hint: string;
}

/** Ranges above this size are almost certainly typos (T1-T10000) and would flood the graph. */
const MAX_RANGE = 500;
/** One field or sentence naming more tasks than this is not a dependency list a person wrote. */
const MAX_REFERENCES = 2000;

const NONE_WORDS =
  /^\s*(?:none|n\/a|na|nothing|no(?:ne)?\s+dependenc(?:y|ies)|-|—|–|\(none\)|_none_|\*none\*)\s*\.?\s*$/i;

const ID = String.raw`[A-Za-z]{0,8}-?\d+[a-z]?(?:\.\d+)*`;
// `Task 3`, `task #002`, `#12`, `T004`, `2.1`, optionally followed by a range end.
const REFERENCE = new RegExp(
  String.raw`(?<![\w.#/-])(?:tasks?\s*)?(#)?(${ID})(?:\s*(?:-|–|—|\.\.|to|through)\s*(?:tasks?\s*)?#?(${ID}))?(?![\w/]|\.\w)`,
  "gi",
);

/**
 * Splits "T004" into its prefix "T" and digits "004", and an inserted id "T024a" also into its letter
 * "a"; null when not range-able.
 */
function splitId(id: string): { head: string; last: string; inserted: string } | null {
  const match = /^(.*?)(\d+)([a-z]?)$/.exec(id);
  if (!match) return null;
  return { head: match[1] ?? "", last: match[2] ?? "", inserted: match[3] ?? "" };
}

/**
 * `T004-T007` → T004 … T007. An inserted id at an end (`T006-T024a`, `T024a-T030`) is the range's first
 * or last member, after or before the plain ids around it.
 */
function expandRange(from: string, to: string): string[] | string {
  const start = splitId(from);
  const end = splitId(to);
  if (!start || !end) return `cannot read '${from}-${to}' as a range`;
  const sameHead = start.head.toUpperCase() === end.head.toUpperCase() || end.head === "";
  if (!sameHead) return `range '${from}-${to}' mixes '${start.head}' and '${end.head}'`;
  const first = Number(start.last);
  const last = Number(end.last);
  if (last < first) return `range '${from}-${to}' runs backwards`;
  if (last - first + 1 > MAX_RANGE) return `range '${from}-${to}' names ${last - first + 1} tasks`;
  const width = start.last.length === end.last.length || start.last.startsWith("0") ? start.last.length : 0;
  const ids: string[] = [];
  for (let n = first; n <= last; n++) ids.push(`${start.head}${String(n).padStart(width, "0")}`);
  if (start.inserted) ids[0] = from;
  if (end.inserted) ids.push(`${start.head}${end.last}${end.inserted}`);
  return ids;
}

/**
 * Reads every reference in `text`. A word that merely contains digits (`Python 3.11`, `v2`) is read
 * as a reference too, so callers only pass text that is meant to hold references.
 */
export function readReferences(text: string): ReferenceList {
  if (NONE_WORDS.test(text)) return { kind: "none", offset: Math.max(0, text.search(/\S/)) };
  const refs: Reference[] = [];
  const problems: ReferenceProblem[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const hash = match[1] === "#";
    const from = match[2] ?? "";
    const to = match[3];
    const offset = match.index ?? 0;
    if (to === undefined) {
      refs.push({ text: hash ? `#${from}` : from, offset, hash });
      continue;
    }
    if (refs.length >= MAX_REFERENCES) {
      problems.push({
        offset,
        message: `this names more than ${MAX_REFERENCES} tasks; Foreman stops reading references here`,
        hint: "Name fewer tasks, or use a phase or `any other tasks` to say the rest.",
      });
      break;
    }
    const expanded = expandRange(from, to);
    if (typeof expanded === "string") {
      problems.push({
        offset,
        message: expanded,
        hint: "Write a range as FIRST-LAST with the same prefix, e.g. T004-T015, at most 500 tasks.",
      });
      continue;
    }
    for (const id of expanded) refs.push({ text: hash ? `#${id}` : id, offset, hash });
  }
  return { kind: "refs", refs, problems };
}

/**
 * The forms under which a task id can be referred to, loosest last: exact, without zero padding,
 * and without a letter prefix ("T004" → "T4" → "4").
 */
export function referenceKeys(id: string): { exact: string; unpadded: string; numeric: string | null } {
  const exact = id.replace(/^#/, "").toUpperCase();
  const unpadded = exact.replace(/(^|[^\d])0+(?=\d)/g, "$1").replace(/^TASK[-\s]*/i, "");
  const numericMatch = /^[A-Z]*-?(\d+(?:\.\d+)*)$/.exec(unpadded);
  return { exact, unpadded, numeric: numericMatch ? (numericMatch[1] ?? null) : null };
}
