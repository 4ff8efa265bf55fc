import { z } from "zod";
import { CliFailure } from "../cli/cli-failure.ts";
import type { GitHubConnection } from "../cli/connect-github.ts";
import { findPlanTask } from "../cli/find-plan-task.ts";
import { openPlanOnGitHub } from "../cli/open-plan-on-github.ts";
import type { PlanReference } from "../cli/parse-repository-reference.ts";
import type { PlanStatus } from "../cli/plan-status-schema.ts";
import { readPlanStatus } from "../cli/read-plan-status.ts";
import { authorizeActor } from "../core/commands/authorize-actor.ts";
import { decideCommand } from "../core/commands/decide-command.ts";
import { parseCommand } from "../core/commands/parse-command.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { identifyTokenUser } from "./identify-token-user.ts";
import { pollUntil } from "./poll-until.ts";

export const CONTROL_ACTIONS = ["pause", "resume", "cancel", "retry", "skip", "sync"] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export type GivenCommand = {
  command: string;
  comment: string;
  /** Foreman's reaction to the command comment (👍 `+1` carried out, `confused` not understood), if any yet */
  reaction: string | null;
  /** Foreman's reply in words, when the command called for one */
  reply: string | null;
  status: PlanStatus;
};

const reactionsSchema = z.array(
  z.object({ content: z.string(), user: z.object({ login: z.string() }).nullable() }),
);

/**
 * `control_plan`: gives a slash command on the plan as the token's person. Foreman carries out
 * commands it reads from comments; posting one (rather than doing its writes here) keeps one
 * executor, an audit trail on the plan, and the app's permission rule, which is also checked here
 * first with the same code so a refusal costs no public comment.
 */
export async function givePlanCommand(
  connection: GitHubConnection,
  reference: PlanReference,
  options: { action: ControlAction; task?: string; appSlug: string; waitMs: number },
): Promise<GivenCommand> {
  const opened = await openPlanOnGitHub(connection, reference, options.appSlug);
  const plan = `${reference.owner}/${reference.repo}#${reference.number}`;
  const login = await identifyTokenUser(connection, "control_plan");
  const selfLogin = opened.forge.selfLogin;
  const verdict = await authorizeActor(
    { login, type: "User" },
    {
      selfLogin,
      allowBots: opened.config.ok ? opened.config.config.allowBots : [],
      permission: () => opened.forge.getPermission(login),
    },
  );
  if (verdict !== "allow") {
    throw new CliFailure(
      `@${login} cannot give Foreman commands on ${reference.owner}/${reference.repo}: only people with write access to this repository can give Foreman commands. Nothing was posted.`,
    );
  }
  const takesTask = options.action === "retry" || options.action === "skip";
  if (takesTask && !options.task?.trim()) {
    throw new CliFailure(
      `${options.action} needs the task, e.g. { action: "${options.action}", task: "T3" }.`,
    );
  }
  if (!takesTask && options.task !== undefined) {
    throw new CliFailure(`${options.action} concerns the whole plan; leave out task.`);
  }
  const task = takesTask && options.task ? findPlanTask(opened, options.task) : null;
  const command = `/foreman ${options.action}${task ? ` ${task}` : ""}`;
  // The app's own parser: a command it would not know is refused here, before anything is posted.
  if (parseCommand(command)?.kind !== "command") {
    throw new CliFailure(`this Foreman does not know \`${command}\` yet; nothing was posted to ${plan}.`);
  }
  const parsed = parseCommand(command);
  // The app makes this decision again from its own read; made here too, it says whether to wait for a reply.
  const expectsReply =
    parsed?.kind === "command" &&
    decideCommand({
      command: parsed,
      actor: login,
      snapshot: opened.loaded.snapshot,
      spec: opened.loaded.document.spec,
      document: opened.loaded.document,
      taskOfIssue: null,
      planLabel: opened.config.ok ? opened.config.config.label : "foreman",
      formatReferenceUrl: "",
    }).reply !== null;
  const posted = await opened.forge.createComment(reference.number, command);
  const probe = async (requireReply: boolean) => {
    const { data } = await connection.request(
      "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      {
        owner: reference.owner,
        repo: reference.repo,
        comment_id: posted.id,
        per_page: 100,
      },
    );
    const reaction = reactionsSchema
      .parse(data)
      .find((candidate) => candidate.user?.login === selfLogin)?.content;
    const reply = (await opened.forge.listOwnComments(reference.number)).find((comment) =>
      readMarkers(comment.body).some((marker) => marker.kind === "reply" && marker.comment === posted.id),
    );
    // The reaction comes first; a reply, when there is one, follows once the command was carried out.
    if (reaction === undefined || (requireReply && !reply)) return null;
    return { reaction, reply: reply ? replyText(reply.body) : null };
  };
  // Past the wait, whatever Foreman answered so far is reported.
  const answer = (await pollUntil(() => probe(expectsReply), options.waitMs)) ?? (await probe(false));
  const after = await readPlanStatus(await openPlanOnGitHub(connection, reference, options.appSlug));
  return {
    command,
    comment: posted.url,
    reaction: answer?.reaction ?? null,
    reply: answer?.reply ?? null,
    status: after,
  };
}

/** Foreman's reply without the quoted command and its hidden marker. */
function replyText(body: string): string {
  return body
    .replace(/^> .*\n\n/, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trim();
}
