const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  copy: "©",
};

function decodeEntity(match: string, name: string): string {
  if (name.startsWith("#x") || name.startsWith("#X"))
    return safeCodePoint(Number.parseInt(name.slice(2), 16), match);
  if (name.startsWith("#")) return safeCodePoint(Number.parseInt(name.slice(1), 10), match);
  return ENTITIES[name] ?? match;
}

function safeCodePoint(code: number, fallback: string): string {
  if (!Number.isFinite(code) || code > 0x10ffff) return fallback;
  return code === 0 ? "\uFFFD" : String.fromCodePoint(code);
}

/** Longer text is cut before reading: no real heading is this long, and titles are cut far shorter. */
const MAX_INLINE = 1000;

/**
 * The text a reader sees in one line of inline markdown (a heading, a code block's info string): emphasis
 * markers, code ticks, link and image syntax, escapes and character references removed or decoded. Each
 * rule is one linear regular expression, so a hostile line costs no more than its length.
 */
export function readInlineText(markdown: string): string {
  if (markdown.length <= MAX_INLINE && !/[\\`*_[\]<&~]/.test(markdown)) return markdown;
  const escapes: string[] = [];
  const protectedText = markdown
    .slice(0, MAX_INLINE)
    .replace(/\\([!-/:-@[-`{-~])/g, (_, char: string) => {
      escapes.push(char);
      return `\uE000${escapes.length - 1}\uE000`;
    })
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => {
      const inner = /^ .* $/.test(code) && code.trim() !== "" ? code.slice(1, -1) : code;
      escapes.push(inner);
      return `\uE000${escapes.length - 1}\uE000`;
    });
  return protectedText
    .replace(/!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, "$1")
    .replace(/!?\[([^\]\n]*)\]\[[^\]\n]*\]/g, "$1")
    .replace(
      /<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)|(?:[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+))>/g,
      "$1",
    )
    .replace(/(^|[^*\w])\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}(?=[^*\w]|$)/g, "$1")
    .replace(/(^|[^_\p{L}\p{N}])_{1,3}(?=[^\s_])|(?<=[^\s_])_{1,3}(?=[^_\p{L}\p{N}]|$)/gu, "$1")
    .replace(/~~(?=\S)|(?<=\S)~~/g, "")
    .replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, decodeEntity)
    .replace(/\uE000(\d+)\uE000/g, (_, index: string) => escapes[Number(index)] ?? "");
}
