import { type Actor, authorizeActor } from "../core/commands/authorize-actor.ts";
import type { OpenRepository } from "./open-repository.ts";

/** Whether `actor` may drive plans in this repository: a writer, or a bot the config allow-lists. */
export function authorizeSender(
  actor: Actor,
  repository: OpenRepository,
): Promise<"allow" | "refuse" | "ignore"> {
  const config = repository.config.result;
  return authorizeActor(actor, {
    selfLogin: repository.selfLogin,
    allowBots: config.ok ? config.config.allowBots : [],
    permission: () => repository.shell.forge.getPermission(actor.login),
  });
}
