import type { DocumentStatus } from "./task-graph.ts";

const STATUS_PHRASES: ReadonlyArray<[RegExp, DocumentStatus]> = [
  [/^(?:not\s+started|not\s+yet\s+started|to\s*-?\s*do|pending|planned|open|queued|backlog)$/i, "todo"],
  [/^(?:in\s+progress|in-progress|wip|ongoing|started|active|doing)$/i, "in-progress"],
  [/^(?:done|complete|completed|finished|closed|resolved|100%\s+complete)$/i, "done"],
  [/^(?:blocked|on\s+hold|waiting)$/i, "blocked"],
  [/^(?:skipped|skip|cancell?ed|won'?t\s+(?:do|fix)|dropped|obsolete|n\/a)$/i, "skipped"],
];

const STATUS_EMOJI: Readonly<Record<string, DocumentStatus>> = {
  "✅": "done",
  "✔": "done",
  "✔️": "done",
  "☑️": "done",
  "🟢": "done",
  "🔄": "in-progress",
  "🚧": "in-progress",
  "🏗️": "in-progress",
  "⏳": "todo",
  "⌛": "todo",
  "🔲": "todo",
  "⬜": "todo",
  "🚫": "blocked",
  "⛔": "blocked",
  "⏸️": "blocked",
  "⏭️": "skipped",
};

const CHECKBOX_STATES: Readonly<Record<string, DocumentStatus>> = {
  " ": "todo",
  x: "done",
  X: "done",
  "✓": "done",
  "✔": "done",
  "→": "in-progress",
  "~": "in-progress",
  "/": "in-progress",
  ">": "in-progress",
  "-": "skipped",
};

/** The status of a checkbox mark such as ` `, `x`, `✓`, `→`; null for anything else. */
export function checkboxStatus(mark: string): DocumentStatus | null {
  return CHECKBOX_STATES[mark] ?? null;
}

// Windows-1252 characters in 0x80–0x9F, by code point → byte, to undo UTF-8 read as Windows-1252.
const CP1252_BYTES: Readonly<Record<number, number>> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** `âœ…` → `✅`: text that was UTF-8, decoded as Windows-1252 or Latin-1. Null when it is not that. */
export function repairMojibake(token: string): string | null {
  if (!/[\u0080-\u00ff]/.test(token)) return null;
  const bytes: number[] = [];
  for (const char of token) {
    const code = char.codePointAt(0) ?? 0;
    const byte = code <= 0xff ? code : CP1252_BYTES[code];
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  try {
    const repaired = strictUtf8.decode(new Uint8Array(bytes));
    return repaired === token ? null : repaired;
  } catch {
    return null;
  }
}

/** A token with no ASCII letter or digit: an emoji, a mis-encoded emoji, a dash or a pipe. */
export function isDecorationToken(token: string): boolean {
  return !/[A-Za-z0-9]/.test(token);
}

function emojiStatus(token: string): DocumentStatus | null {
  const repaired = repairMojibake(token) ?? token;
  for (const [emoji, status] of Object.entries(STATUS_EMOJI)) {
    if (repaired.includes(emoji)) return status;
  }
  return null;
}

function phraseStatus(phrase: string): DocumentStatus | null {
  const bare = phrase.replace(/^[[(*_\s]+|[\])*_.!:\s]+$/g, "");
  for (const [pattern, status] of STATUS_PHRASES) if (pattern.test(bare)) return status;
  return null;
}

/**
 * Reads a status written at the end of a heading or task line (`… ⏳ Not Started`, `… ✅ COMPLETE`,
 * `… [DONE]`, `… (in progress)`, mis-encoded emoji) and returns the text without it. A plain last
 * word such as "done" in "Mark task done" is only a status when something sets it apart: an emoji,
 * brackets, a dash, a colon, or capitals.
 */
export function readTrailingStatus(text: string): { status: DocumentStatus | null; rest: string } {
  const tokens = text.trim().split(/\s+/);
  for (let take = Math.min(3, tokens.length - 1); take >= 1; take--) {
    const phraseTokens = tokens.slice(tokens.length - take);
    const phrase = phraseTokens.join(" ");
    const status = phraseStatus(phrase);
    if (!status) continue;
    const before = tokens.slice(0, tokens.length - take);
    const previous = before[before.length - 1] ?? "";
    const bracketed = /^[[(]/.test(phrase) && /[\])][.!]*$/.test(phrase);
    const shouted = phrase === phrase.toUpperCase() && /[A-Z]/.test(phrase);
    const separated = isDecorationToken(previous) || previous.endsWith(":") || previous.endsWith("|");
    if (!bracketed && !shouted && !separated) continue;
    return { status, rest: stripTrailingDecoration(before).join(" ") };
  }
  const last = tokens[tokens.length - 1] ?? "";
  if (tokens.length > 1 && isDecorationToken(last)) {
    const status = emojiStatus(last);
    if (status) return { status, rest: stripTrailingDecoration(tokens.slice(0, -1)).join(" ") };
  }
  return { status: null, rest: text.trim() };
}

/** Reads a status emoji at the start (`✅ Task 3: …`) and returns the text without leading decoration. */
export function readLeadingStatus(text: string): { status: DocumentStatus | null; rest: string } {
  const tokens = text.trim().split(/\s+/);
  let status: DocumentStatus | null = null;
  let index = 0;
  while (index < tokens.length - 1 && isDecorationToken(tokens[index] ?? "")) {
    status ??= emojiStatus(tokens[index] ?? "");
    index++;
  }
  return { status, rest: tokens.slice(index).join(" ") };
}

function stripTrailingDecoration(tokens: string[]): string[] {
  let end = tokens.length;
  while (end > 1 && isDecorationToken(tokens[end - 1] ?? "")) end--;
  const kept = tokens.slice(0, end);
  const lastIndex = kept.length - 1;
  if (lastIndex >= 0) kept[lastIndex] = (kept[lastIndex] ?? "").replace(/[:|]+$/, "");
  return kept;
}

/** The status named by a field value such as `✅ Done`, `in progress`, `BLOCKED (waiting on API)`. */
export function readStatusValue(text: string): DocumentStatus | null {
  const tokens = text.trim().split(/\s+/);
  const words = tokens.filter((token) => !isDecorationToken(token));
  for (let take = Math.min(3, words.length); take >= 1; take--) {
    const status = phraseStatus(words.slice(0, take).join(" "));
    if (status) return status;
  }
  for (const token of tokens) {
    const status = isDecorationToken(token) ? emojiStatus(token) : null;
    if (status) return status;
  }
  return null;
}
