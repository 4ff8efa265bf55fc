/**
 * Text from outside Foreman (check summaries, review bodies, log lines) as it may appear in a comment
 * or check run: no markup, no hidden marker, no ping. `<` and `>` become entities, `@` gets a
 * zero-width joiner so `@team` stays readable but mentions nobody.
 */
export function escapeUntrusted(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@\u200d");
}
