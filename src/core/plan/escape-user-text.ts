import { escapeCodeText } from "./escape-code-text.ts";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "@": "&#64;",
  "#": "&#35;",
};
const INLINE_CODE = /(`+)([\s\S]*?[^`])\1(?!`)/g;

/**
 * Text someone wrote, made safe to repeat inside Foreman's own markdown: it cannot open a hidden
 * marker or an HTML comment (`<!--`, `-->`), close a `<details>` or inject other tags (`<`, `>`),
 * mention people (`@login`) or cross-reference issues (`#12`, unless `references` is false: Foreman's own
 * messages about the issues a plan names) again from Foreman's account. Prose gets
 * entities, which render as the same characters; inside code, which GitHub shows literally and never
 * links, only the comment delimiters are broken up (with a zero-width joiner).
 */
export function escapeUserText(text: string, options: { references?: boolean } = {}): string {
  const references = options.references ?? true;
  let fence: string | null = null;
  return text
    .split("\n")
    .map((line) => {
      const opened = FENCE.exec(line)?.[1];
      if (fence !== null) {
        if (opened !== undefined && opened[0] === fence[0] && opened.length >= fence.length) fence = null;
        return escapeCodeText(line);
      }
      if (opened) {
        fence = opened;
        return escapeCodeText(line);
      }
      return escapeLine(line, references);
    })
    .join("\n");
}

function escapeLine(line: string, references: boolean): string {
  let out = "";
  let last = 0;
  for (const match of line.matchAll(INLINE_CODE)) {
    out += escapeProse(line.slice(last, match.index), references) + escapeCodeText(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeProse(line.slice(last), references);
}

function escapeProse(text: string, references: boolean): string {
  const pattern = references ? /&(?=[#\w]+;)|[<>]|@(?=[\w-])|#(?=\d)/g : /&(?=[#\w]+;)|[<>]|@(?=[\w-])/g;
  return text.replace(pattern, (found) => ENTITIES[found] ?? found);
}
