import type { Permission } from "./foreman-command.ts";

export type Actor = {
  login: string;
  /** GitHub's account type: `Bot` for apps and bot accounts */
  type: string;
};

/**
 * Who may drive a plan: writers (write, maintain, admin), and bots the config allow-lists (a writer
 * committed that list). Other bots are ignored without a word, and Foreman never obeys itself;
 * everyone else gets a polite refusal. `permission` is only asked for people, so it can be a lookup.
 */
export async function authorizeActor(
  actor: Actor,
  options: { selfLogin: string; allowBots: readonly string[]; permission: () => Promise<Permission> },
): Promise<"allow" | "refuse" | "ignore"> {
  if (actor.login === options.selfLogin) return "ignore";
  const isBot = actor.type === "Bot" || actor.login.endsWith("[bot]");
  if (isBot) return options.allowBots.includes(actor.login) ? "allow" : "ignore";
  const permission = await options.permission();
  return permission === "admin" || permission === "maintain" || permission === "write" ? "allow" : "refuse";
}
