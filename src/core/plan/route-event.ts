import type { Actor } from "../commands/authorize-actor.ts";
import type { ForemanCommand } from "../commands/foreman-command.ts";
import { parseCommand } from "../commands/parse-command.ts";
import { VERIFY_CHECK_NAME } from "../engine/verify-task.ts";
import type { ForemanEvent } from "./foreman-event.ts";
import { hashPlanText } from "./hash-plan-text.ts";
import { type PlanClaim, planOfIssue } from "./plan-of-issue.ts";

/** A start asked for by someone: approve the text whose hash is `spec`, once they are found to be a writer. */
export type StartRequest = { actor: Actor; spec: string };

/**
 * What an event asks Foreman to do:
 * - `start`: the plan label was added (by `actor`, who still has to be found a writer);
 * - `command`: a `/foreman …` comment on a plan or one of its issues;
 * - `sync`: reconcile the plans concerned; `released` is an issue closed or reopened, whose blocked
 *   issues' plans are concerned too; `startIfNew` counts a plan's edit as a start while it never
 *   started (the labelled event may have been lost);
 * - `ignore`: nothing concerns a plan;
 * - `needs-config`: routed without the config, the answer depends on the plan label it names.
 */
export type EventRoute =
  | { kind: "ignore" }
  | { kind: "needs-config" }
  | { kind: "start"; plan: number; start: StartRequest }
  | {
      kind: "command";
      claim: PlanClaim;
      /** the issue the comment is on */
      issueNumber: number;
      command: ForemanCommand;
      comment: { id: number; author: Actor };
      /** the text's hash as the command found it, when written on the plan itself */
      spec: string | null;
    }
  | { kind: "sync"; claims: PlanClaim[]; released: number | null; startIfNew: StartRequest | null }
  | {
      /** a button of a task's `foreman/verify` check, pressed by `press.sender`: the command it stands for */
      kind: "button";
      claim: PlanClaim & { task: string };
      command: ForemanCommand;
      press: {
        checkRunId: number;
        identifier: ButtonCommand;
        sender: Actor;
        /** where the answer goes: the check's pull request, else the plan */
        replyOn: number;
      };
    }
  | MergeGroupRoute;

/** `merge-group`: the pull requests of a merge group, whose plans are to be found and reconciled */
export type MergeGroupRoute = { kind: "merge-group"; pullNumbers: number[] };

/** The buttons `foreman/verify` offers (render-verify-check), each the command of the same name. */
const BUTTON_COMMANDS = ["retry", "skip"] as const;
type ButtonCommand = (typeof BUTTON_COMMANDS)[number];

const TASK_BRANCH = /^foreman\/(\d+)\/(.+)$/;

/**
 * Which plan(s) an event concerns and what it asks for: pure, from the parsed event alone. With `label`
 * null (the config not read yet) it says `ignore` for what concerns no plan whatever the config says
 * (Foreman's own writes coming back, comments without a command, other branches), so those cost no
 * read, and `needs-config` where the plan label decides.
 */
export function routeEvent(
  event: ForemanEvent,
  who: { label: string | null; selfLogin: string },
): EventRoute {
  const { label, selfLogin } = who;
  switch (event.kind) {
    case "issue": {
      const { issue, sender, action } = event;
      const own = sender.login === selfLogin;
      const stateChanged = action === "closed" || action === "reopened";
      if (own && !stateChanged) return { kind: "ignore" };
      if (label === null) return { kind: "needs-config" };
      if (action === "labeled" && event.label === label && !issue.isPullRequest) {
        return {
          kind: "start",
          plan: issue.number,
          start: { actor: sender, spec: hashPlanText(issue.body) },
        };
      }
      const claim = own ? null : planOfIssue(issue, { label, selfLogin });
      const released = stateChanged && issue.blocking !== 0 ? issue.number : null;
      if (!claim && released === null) return { kind: "ignore" };
      const isPlan = claim?.plan === issue.number;
      return {
        kind: "sync",
        claims: claim ? [claim] : [],
        released,
        startIfNew: isPlan && action === "edited" ? { actor: sender, spec: hashPlanText(issue.body) } : null,
      };
    }
    case "comment": {
      const { comment, issue } = event;
      if (comment.author.login === selfLogin || issue.isPullRequest) return { kind: "ignore" };
      const command = parseCommand(comment.body);
      if (!command) return { kind: "ignore" };
      if (label === null) return { kind: "needs-config" };
      const claim = planOfIssue(issue, { label, selfLogin }) ?? {
        plan: issue.number,
        task: null,
        adopted: null,
      };
      return {
        kind: "command",
        claim,
        issueNumber: issue.number,
        command,
        comment: { id: comment.id, author: comment.author },
        spec: claim.plan === issue.number ? hashPlanText(issue.body) : null,
      };
    }
    case "branches": {
      const plans = new Map<number, PlanClaim>();
      for (const branch of event.branches) {
        const match = TASK_BRANCH.exec(branch);
        const plan = Number(match?.[1] ?? 0);
        if (plan > 0 && !plans.has(plan)) plans.set(plan, { plan, task: match?.[2] ?? null, adopted: null });
      }
      return plans.size === 0
        ? { kind: "ignore" }
        : { kind: "sync", claims: [...plans.values()], released: null, startIfNew: null };
    }
    case "check-action": {
      const { checkRun, sender } = event;
      const identifier = BUTTON_COMMANDS.find((name) => name === event.identifier);
      if (sender.login === selfLogin || checkRun.name !== VERIFY_CHECK_NAME || !identifier)
        return { kind: "ignore" };
      const match = checkRun.branches
        .map((branch) => TASK_BRANCH.exec(branch))
        .find((found) => found !== null);
      const plan = Number(match?.[1] ?? 0);
      const task = match?.[2];
      if (plan <= 0 || !task) return { kind: "ignore" };
      return {
        kind: "button",
        claim: { plan, task, adopted: null },
        command: { kind: "command", name: identifier, task, text: `/foreman ${identifier} ${task}` },
        press: { checkRunId: checkRun.id, identifier, sender, replyOn: checkRun.pullNumbers[0] ?? plan },
      };
    }
    case "merge-group":
      return { kind: "merge-group", pullNumbers: event.pullNumbers };
    case "other":
      return { kind: "ignore" };
  }
}
