/** One simple command of a shell line: its words (quotes removed) and where its output goes. */
export type SimpleCommand = {
  words: string[];
  /** targets of `>`, `>>`, `2>`, `&>` … */
  redirects: string[];
  /** the command's own text, for messages */
  text: string;
};

const SEPARATORS = ["&&", "||", ";;", ";", "|", "&", "\n"];

/**
 * Splits a shell line into its simple commands for the tool policy: at `&&`, `||`, `;`, `|`, `&` and
 * newlines outside quotes, with the insides of `$( … )`, backticks and `bash -c '…'` examined as
 * commands of their own. Deliberately conservative: anything it cannot read still yields words, so a
 * denied program hidden in odd syntax is still seen.
 */
export function splitShellCommand(line: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  for (const piece of splitPieces(line)) {
    const { words, redirects } = readWords(piece);
    if (words.length === 0 && redirects.length === 0) continue;
    commands.push({ words, redirects, text: piece.trim() });
    const inner = innerScript(words);
    if (inner !== null) commands.push(...splitShellCommand(inner));
  }
  return commands;
}

/** `bash -c 'script'`, `sh -c`, `eval …`: the script inside, read as commands too. */
function innerScript(words: string[]): string | null {
  const program = words[0]?.split("/").pop() ?? "";
  if (["bash", "sh", "zsh", "dash"].includes(program)) {
    const flag = words.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word));
    return flag >= 0 ? (words[flag + 1] ?? null) : null;
  }
  if (program === "eval") return words.slice(1).join(" ");
  return null;
}

function splitPieces(line: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] ?? "";
    if (quote) {
      if (char === "\\" && quote === '"') {
        current += char + (line[index + 1] ?? "");
        index++;
        continue;
      }
      if (char === quote) quote = null;
      // Command substitution runs even inside double quotes: read it as a command of its own.
      if (quote === '"' && (char === "`" || (char === "$" && line[index + 1] === "("))) {
        pieces.push(current);
        current = "";
        if (char === "$") index++;
        continue;
      }
      current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      current += char;
      continue;
    }
    if (char === "\\") {
      current += char + (line[index + 1] ?? "");
      index++;
      continue;
    }
    if (char === "`" || char === "(" || char === ")" || (char === "$" && line[index + 1] === "(")) {
      pieces.push(current);
      current = "";
      if (char === "$") index++;
      continue;
    }
    const separator = SEPARATORS.find((candidate) => line.startsWith(candidate, index));
    // `2>&1` and `&>` are redirections, not separators.
    const isRedirect = char === "&" && (line[index - 1] === ">" || line[index + 1] === ">");
    if (separator && !isRedirect) {
      pieces.push(current);
      current = "";
      index += separator.length - 1;
      continue;
    }
    current += char;
  }
  pieces.push(current);
  return pieces.filter((piece) => piece.trim() !== "");
}

function readWords(piece: string): { words: string[]; redirects: string[] } {
  const tokens: string[] = [];
  let current = "";
  let started = false;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < piece.length; index++) {
    const char = piece[index] ?? "";
    if (quote) {
      if (char === quote) quote = null;
      else if (char === "\\" && quote === '"' && index + 1 < piece.length) current += piece[++index] ?? "";
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (char === "\\" && index + 1 < piece.length) {
      current += piece[++index] ?? "";
      started = true;
    } else if (/\s/.test(char)) {
      if (started) tokens.push(current);
      current = "";
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) tokens.push(current);

  const words: string[] = [];
  const redirects: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? "";
    const redirect = /^(?:\d*|&)>>?(.*)$/.exec(token);
    if (redirect) {
      const target = redirect[1] === "" ? tokens[++index] : redirect[1];
      // `2>&1` duplicates a descriptor: nothing is written to a file.
      if (target !== undefined && !target.startsWith("&")) redirects.push(target);
      continue;
    }
    if (/^\d*</.test(token)) {
      if (/^\d*<$/.test(token)) index++;
      continue;
    }
    words.push(token);
  }
  return { words, redirects };
}
