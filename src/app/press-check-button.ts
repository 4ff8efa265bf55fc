import { formatMarker } from "../core/plan/format-marker.ts";
import type { EventRoute } from "../core/plan/route-event.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { authorizeSender } from "./authorize-sender.ts";
import { carryOutCommand } from "./carry-out-command.ts";
import type { OpenRepository } from "./open-repository.ts";

const BUTTON_LABELS = { retry: "Retry", skip: "Skip" } as const;

/**
 * A Retry or Skip button of `foreman/verify` pressed (`check_run.requested_action`): for a writer, the
 * same command as `/foreman retry T` / `/foreman skip T`; anyone else gets a short refusal and nothing
 * happens. GitHub shows no answer to a press, so Foreman answers on the check's pull request, once per
 * check run, button and person (a redelivered press is answered once).
 */
export async function pressCheckButton(
  dependencies: AppDependencies,
  repository: OpenRepository,
  route: Extract<EventRoute, { kind: "button" }>,
): Promise<void> {
  const { forge } = repository.shell;
  const { press, claim } = route;
  const login = press.sender.login;
  const label = BUTTON_LABELS[press.identifier];
  const marker = { kind: "button", check: press.checkRunId, action: press.identifier, by: login } as const;
  const reply = (text: string) =>
    forge.ensureComment(
      press.replyOn,
      (found) =>
        found.kind === "button" &&
        found.check === press.checkRunId &&
        found.action === press.identifier &&
        found.by === login,
      `@${login} ${text}\n\n${formatMarker(marker)}\n`,
    );
  const verdict = await authorizeSender(press.sender, repository);
  if (verdict === "ignore") return;
  if (verdict === "refuse") {
    await reply(`sorry, only people with write access to this repository can use the **${label}** button.`);
    return;
  }
  await carryOutCommand(dependencies, repository, {
    planNumber: claim.plan,
    command: route.command,
    actor: login,
    spec: null,
    taskOfIssue: claim.task,
    acknowledge: async () => {},
    reply: (text) =>
      reply(text ?? `**${label}** pressed: ${label === "Retry" ? "retrying" : "skipping"} ${claim.task}.`),
  });
}
