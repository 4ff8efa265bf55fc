/** Characters a command word may show with: anything else is someone's text, not a command. */
const SAFE_WORD = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * How Foreman names a command it was given, in its replies: rebuilt from the parsed words, never the
 * comment's own text, so a reply cannot carry a marker, a mention or markup someone typed.
 */
export function renderCommandName(text: string): string {
  const words = text.trim().split(/\s+/).slice(0, 3);
  const safe = words.every((word) => SAFE_WORD.test(word.replace(/^\//, "")));
  return safe ? `\`${words.join(" ")}\`` : "that command";
}
