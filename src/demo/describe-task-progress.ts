import type { PlanRun, TaskRun } from "./plan-run.ts";

/** How a task's state reads in the task list and on the page; `tone` picks the colour. */
export type TaskProgress = {
  mark: "✓" | "↻" | "●" | "○" | "✗" | "⊘" | "↷";
  /** a word or two: done, retrying, running, waiting, … */
  word: string;
  /** what is happening now, e.g. `attempt 2 · checks running on PR #14`; plain text, untrusted parts included */
  detail: string;
  tone: "done" | "retrying" | "running" | "waiting" | "stuck" | "inactive";
};

/**
 * The one reading of a task's state that the terminal and the page share: ✓ done, ↻ retrying (an
 * attempt failed and another is due or running), ● running, ○ waiting, ✗ needs a person.
 */
export function describeTaskProgress(task: TaskRun, run: PlanRun): TaskProgress {
  const attempt = task.attempts.at(-1);
  const attemptText = attempt === undefined ? "" : `attempt ${attempt.n} of ${task.maxAttempts}`;
  const pr = task.pr === null ? "" : `PR #${task.pr.number}`;
  const retrying = task.attempts.length > 1;
  switch (task.state) {
    case "done": {
      const count = task.attempts.length;
      const attempts = count === 0 ? "" : `${count} attempt${count === 1 ? "" : "s"}`;
      return { mark: "✓", word: "done", detail: join([pr && `${pr} merged`, attempts]), tone: "done" };
    }
    case "failed":
      return {
        mark: "↻",
        word: "retrying",
        detail: join([`attempt ${attempt?.n ?? 1} failed`, firstLine(attempt?.feedback ?? null)]),
        tone: "retrying",
      };
    case "running":
      return {
        mark: retrying ? "↻" : "●",
        word: retrying ? "retrying" : "running",
        detail: join([attemptText, "Claude Code working"]),
        tone: retrying ? "retrying" : "running",
      };
    case "verifying":
      return {
        mark: retrying ? "↻" : "●",
        word: retrying ? "retrying" : "verifying",
        detail: join([attemptText, pr ? `checks running on ${pr}` : "checks running"]),
        tone: retrying ? "retrying" : "running",
      };
    case "ready":
      return { mark: "○", word: "ready", detail: "starts when a slot is free", tone: "waiting" };
    case "pending":
      return { mark: "○", word: "waiting", detail: waitingFor(task, run), tone: "waiting" };
    case "needs-human":
      return { mark: "✗", word: "needs a person", detail: task.reason ?? attemptText, tone: "stuck" };
    case "blocked":
      return { mark: "⊘", word: "blocked", detail: task.reason ?? waitingFor(task, run), tone: "stuck" };
    case "skipped":
      return { mark: "↷", word: "skipped", detail: task.reason ?? "", tone: "inactive" };
    case "cancelled":
      return { mark: "⊘", word: "cancelled", detail: task.reason ?? "", tone: "inactive" };
  }
}

function waitingFor(task: TaskRun, run: PlanRun): string {
  const open = task.dependsOn.filter((id) => run.tasks.find((other) => other.id === id)?.state !== "done");
  const issues = task.waitsForIssues.map((number) => `#${number}`);
  const names = [...open, ...issues];
  return names.length === 0 ? "its dependencies are done" : `needs ${names.join(", ")}`;
}

function firstLine(text: string | null): string {
  const line = text?.split("\n").find((candidate) => candidate.trim() !== "") ?? "";
  return line.trim();
}

function join(parts: readonly string[]): string {
  return parts.filter((part) => part !== "").join(" · ");
}
