/**
 * Text from people or from the agent, made safe to repeat in a comment, PR or report: no HTML
 * comments (so nobody can make Foreman write a marker), no tags, and no @mentions that would ping.
 */
export function escapeUntrustedMarkdown(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}
