import { formatMarker } from "../plan/format-marker.ts";
import type { FailureCause, StuckCause } from "./derive-task-work.ts";

/** Why the engine stopped trying on its own. */
export type EscalationReason =
  | { kind: "attempts-used"; maxAttempts: number; last: FailureCause }
  | { kind: "no-progress"; last: FailureCause }
  | { kind: "task-budget"; unit: "usd" | "tokens"; spent: number; cap: number }
  | { kind: "stuck"; cause: StuckCause };

export type EscalationNote = {
  plan: number;
  task: string;
  attempt: number;
  /** the plan's author: the person called in */
  author: string;
  reason: EscalationReason;
  /** the latest feedback comment, where the failure is shown in full */
  feedbackUrl: string | null;
  pullUrl: string | null;
};

/**
 * The comment that calls a person in (`foreman:needs-human`): who, what happened, and the two commands
 * that move the task on. Everything not depending on the task keeps running, and the comment says so.
 */
export function renderEscalationComment(note: EscalationNote): string {
  const marker = formatMarker({
    kind: "escalation",
    plan: note.plan,
    task: note.task,
    attempt: note.attempt,
  });
  const links = [
    note.feedbackUrl ? `[the last feedback](${note.feedbackUrl})` : null,
    note.pullUrl ? `[the pull request](${note.pullUrl})` : null,
  ].filter((link): link is string => link !== null);
  return [
    `🙋 @${note.author} — **${note.task}** needs you: ${explain(note.reason)}`,
    "",
    ...(links.length > 0 ? [`See ${links.join(" and ")}.`, ""] : []),
    "**What to do**",
    `- fix the cause (or push a fix to the task branch), then comment \`/foreman retry ${note.task}\``,
    `- or comment \`/foreman skip ${note.task}\` to let the tasks waiting for it go ahead without it`,
    "",
    "Tasks that do not depend on this one keep running.",
    "",
    marker,
    "",
  ].join("\n");
}

function explain(reason: EscalationReason): string {
  switch (reason.kind) {
    case "attempts-used":
      return `all ${reason.maxAttempts} attempts failed; the last one because ${because(reason.last)}.`;
    case "no-progress":
      return `the last attempt made no progress (no new commit, or the same failures as before): ${because(reason.last)}.`;
    case "task-budget":
      return reason.unit === "usd"
        ? `its attempts cost $${reason.spent.toFixed(2)}, the task budget is $${reason.cap.toFixed(2)} (\`budget.perTaskUsd\` in \`.github/foreman.yml\`).`
        : `its attempts used ${reason.spent} tokens, the task budget is ${reason.cap} (\`budget.perTaskTokens\` in \`.github/foreman.yml\`).`;
    case "stuck":
      return stuck(reason.cause);
  }
}

function because(cause: FailureCause): string {
  switch (cause.kind) {
    case "job":
      return `its job ended with \`${cause.conclusion ?? "no conclusion"}\``;
    case "timed-out":
      return `its job ran longer than ${cause.minutes} minutes`;
    case "never-started":
      return `no workflow run started after ${cause.tries} dispatches`;
    case "agent-failed":
      return "the agent did not finish";
    case "no-pull":
      return "no pull request was opened";
    case "checks":
      return `required checks failed (${cause.failures.map((failure) => `\`${failure.context}\``).join(", ")})`;
    case "changes-requested":
      return "a reviewer requested changes";
    case "conflict":
      return `the branch conflicts with \`${cause.base}\``;
  }
}

function stuck(cause: StuckCause): string {
  switch (cause.kind) {
    case "agent-blocked":
      return "the agent reported that it cannot proceed without help.";
    case "protected-path":
      return `the pull request changes protected paths (${cause.paths
        .slice(0, 10)
        .map((path) => `\`${path.replace(/`/g, "'")}\``)
        .join(", ")}), which Foreman never verifies (\`protectedPaths\`).`;
    case "pull-closed":
      return `its pull request #${cause.pull.number} was closed without merging.`;
    case "missing-checks":
      return `the required checks ${cause.contexts.map((context) => `\`${context}\``).join(", ")} never reported on the pull request.`;
  }
}
