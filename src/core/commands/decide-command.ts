import type { TaskState } from "../graph/task-state.ts";
import { derivePlanView, type PlanView } from "../plan/derive-plan-view.ts";
import { CANCELLED_LABEL, PAUSED_LABEL } from "../plan/foreman-labels.ts";
import type { PlanIntent } from "../plan/plan-round.ts";
import type { PlanSnapshot } from "../plan/plan-snapshot.ts";
import type { PlanWrite } from "../plan/plan-write.ts";
import type { PlanDocument } from "../plan/prepare-plan-document.ts";
import { STATE_ICONS } from "../plan/state-icons.ts";
import type { ForemanCommand, ReactionContent } from "./foreman-command.ts";
import { renderCommandName } from "./render-command-name.ts";
import { renderHelp } from "./render-help.ts";

export type CommandInput = {
  /** a command from someone allowed to give it */
  command: ForemanCommand;
  actor: string;
  /** the plan the command concerns: the issue it was written on, or that child issue's plan */
  snapshot: PlanSnapshot;
  /** hash of the plan text as the command found it (the event's), else the text as read now */
  spec: string;
  document: PlanDocument;
  /** the task of the child issue the command was written on; null on the plan */
  taskOfIssue: string | null;
  planLabel: string;
  formatReferenceUrl: string;
};

/**
 * The answer a command gets: words known now, or — for a replan — words derived afterwards from the
 * writes the reconcile actually made (`describeReplan`).
 */
export type CommandReply = { kind: "text"; text: string } | { kind: "replan" } | null;

export type CommandDecision = {
  reaction: ReactionContent;
  reply: CommandReply;
  /** writes that carry out the command; the reconcile that always follows does the rest */
  writes: PlanWrite[];
  /** what the reconcile after the command is to do */
  intent: PlanIntent;
};

/**
 * What an authorised command does to its plan, decided from the plan's snapshot. The effects are
 * plan-level facts GitHub keeps (labels, a child issue's state); the reconcile then derives the rest,
 * so a command redelivered or given twice changes nothing more.
 */
export function decideCommand(input: CommandInput): CommandDecision {
  const { command, snapshot } = input;
  const view = derivePlanView(snapshot, input.document);
  const plan = snapshot.plan.number;
  const sync: PlanIntent = { kind: "sync" };
  const answer = (text: string, reaction: ReactionContent = "+1"): CommandDecision => ({
    reaction,
    reply: { kind: "text", text },
    writes: [],
    intent: sync,
  });
  const act = (writes: PlanWrite[], text: string | null = null): CommandDecision => ({
    reaction: "+1",
    reply: text === null ? null : { kind: "text", text },
    writes,
    intent: sync,
  });

  if (command.kind === "unknown") {
    return answer(
      `${renderCommandName(command.text)} is not a command I know.\n\n${renderHelp(input.formatReferenceUrl)}`,
      "confused",
    );
  }
  const isPlan = view.approval !== null || snapshot.plan.labels.includes(input.planLabel);
  const notStarted = `Plan #${plan} has not started yet: add the \`${input.planLabel}\` label or comment \`/foreman start\`.`;
  switch (command.name) {
    case "help":
      return answer(renderHelp(input.formatReferenceUrl));
    case "start":
    case "replan": {
      if (view.cancelled)
        return answer(`Plan #${plan} was cancelled. Open a new plan issue to run it again.`);
      const label: PlanWrite[] = isPlan
        ? []
        : [{ kind: "add-labels", number: plan, labels: [input.planLabel] }];
      if (command.name === "replan" && view.mode === "approved") {
        return answer(
          `Nothing to replan: the text is what @${view.approval?.by} approved (spec \`${view.approval?.spec}\`).`,
        );
      }
      const reply: CommandReply =
        command.name === "replan" && view.mode === "changed" ? { kind: "replan" } : null;
      return {
        reaction: "+1",
        reply,
        writes: label,
        intent: { kind: "approve", by: input.actor, spec: input.spec },
      };
    }
    case "status":
      return answer(isPlan && view.approval !== null ? statusSummary(view, plan) : notStarted);
    case "pause":
      if (view.approval === null) return answer(notStarted);
      if (view.paused) return answer(`Plan #${plan} is already paused; \`/foreman resume\` continues it.`);
      return act([{ kind: "add-labels", number: plan, labels: [PAUSED_LABEL] }]);
    case "resume": {
      const changed =
        view.mode === "changed"
          ? " The plan text changed since it was approved, though: `/foreman replan` applies it."
          : "";
      if (!view.paused) return answer(`Plan #${plan} is not paused.${changed}`);
      return act(
        [{ kind: "remove-label", number: plan, label: PAUSED_LABEL }],
        changed === "" ? null : changed.trim(),
      );
    }
    case "cancel":
      if (view.approval === null) return answer(notStarted);
      if (view.cancelled) return answer(`Plan #${plan} is already cancelled.`);
      return act(
        [{ kind: "add-labels", number: plan, labels: [CANCELLED_LABEL] }],
        "Cancelled: unfinished tasks are closed as not planned; merged work stays.",
      );
    case "retry":
    case "skip":
      return taskCommand(input, view, command.name, command.task ?? input.taskOfIssue, answer, act);
  }
}

function taskCommand(
  input: CommandInput,
  view: PlanView,
  name: "retry" | "skip",
  requested: string | null,
  answer: (reply: string) => CommandDecision,
  act: (writes: PlanWrite[]) => CommandDecision,
): CommandDecision {
  if (requested === null) return answer(`Which task? For example \`/foreman ${name} T3\`.`);
  const wanted = requested.toLowerCase();
  const aliases = new Map(
    input.document.graph.tasks.flatMap((task) => task.aliases.map((alias) => [alias.toLowerCase(), task.id])),
  );
  const id = view.tasks.find((task) => task.id.toLowerCase() === wanted)?.id ?? aliases.get(wanted);
  const child = id === undefined ? undefined : view.children.get(id);
  const state: TaskState | undefined = id === undefined ? undefined : view.states[id];
  if (id === undefined || state === undefined) {
    const shown = /^[\w.#-]{1,40}$/.test(requested) ? `\`${requested}\`` : "by that name";
    return answer(`Plan #${input.snapshot.plan.number} has no task ${shown}.`);
  }
  if (!child) return answer(`${id} has no issue yet; it gets one as the plan is set up.`);
  if (name === "retry") {
    if (state === "needs-human") {
      const labels = child.labels.filter((label) => label !== "foreman:needs-human");
      return act([
        { kind: "update-issue", number: child.number, reason: "retry requested", patch: { labels } },
      ]);
    }
    if (state === "skipped" || state === "cancelled") {
      return act([
        {
          kind: "update-issue",
          number: child.number,
          reason: "retry requested",
          patch: { state: "open", stateReason: "reopened" },
        },
      ]);
    }
    return answer(
      `${id} is ${state}; only skipped or escalated (needs-human) tasks can be retried. Failed attempts are retried automatically.`,
    );
  }
  if (state === "done" || state === "skipped" || state === "cancelled")
    return answer(`${id} is already ${state}.`);
  if (state === "running" || state === "verifying") {
    return answer(
      `${id} has an attempt in progress (${state}); skip it once that ends, or \`/foreman cancel\` the plan.`,
    );
  }
  return act([
    {
      kind: "update-issue",
      number: child.number,
      reason: "skip requested",
      patch: { state: "closed", stateReason: "not_planned" },
    },
  ]);
}

function statusSummary(view: PlanView, plan: number): string {
  const counts = Object.entries(STATE_ICONS).flatMap(([state, { icon }]) => {
    const count = Object.values(view.states).filter((value) => value === state).length;
    return count === 0 ? [] : [`${icon} ${count} ${state}`];
  });
  const flags = [
    view.cancelled ? "cancelled" : "",
    view.paused ? "paused" : "",
    view.mode === "changed" ? "paused: plan changed" : "",
  ]
    .filter(Boolean)
    .map((flag) => ` (${flag})`)
    .join("");
  const tracking = view.comments.get("tracking")?.comment.url;
  const link = tracking ? ` — [details](${tracking})` : "";
  return `**Plan #${plan}**${flags}: ${view.tasks.length} tasks · ${counts.join(" · ")}${link}`;
}
