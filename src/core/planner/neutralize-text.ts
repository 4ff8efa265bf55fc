/**
 * Text Foreman did not write (the model's draft, which read people's issue text) made safe to repeat
 * in Foreman's own comments and the plan body: an HTML comment opener is broken so it can neither hide
 * text from the person approving nor forge a `<!-- foreman:… -->` marker, and in prose an `@mention`
 * is broken so it pings nobody. Code (commands, paths) keeps its mentions, since they do not ping there.
 */
export function neutralizeText(text: string, where: "prose" | "code" = "prose"): string {
  const comments = text.replace(/<!--/g, "<!-\u200b-");
  return where === "code" ? comments : comments.replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}
