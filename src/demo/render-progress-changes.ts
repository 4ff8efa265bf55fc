import { describeTaskProgress } from "./describe-task-progress.ts";
import { formatFigure } from "./format-figure.ts";
import { paintText } from "./paint-text.ts";
import type { PlanRun } from "./plan-run.ts";
import { sanitizeTerminalText } from "./sanitize-terminal-text.ts";
import { summarisePlanRun } from "./summarise-plan-run.ts";

/**
 * The task list for logs and pipes, where nothing can be redrawn: one line per task whose state or
 * detail changed since `previous`, stamped with the elapsed time. The first call (`previous` null)
 * names the plan and prints every task once.
 *
 *   [1m 04s] T4 ↻ retrying · attempt 1 failed · test failed
 */
export function renderProgressChanges(
  previous: PlanRun | null,
  next: PlanRun,
  options: { now: number; color: boolean },
): string[] {
  const stamp = `[${formatFigure("duration", summarisePlanRun(next, options.now).elapsedMs)}]`;
  const lines: string[] = [];
  if (previous === null)
    lines.push(
      paintText(
        `Plan #${next.plan.number} · ${sanitizeTerminalText(next.plan.title)} · ${next.tasks.length} task${next.tasks.length === 1 ? "" : "s"} · ${next.plan.url}`,
        "bold",
        options.color,
      ),
    );
  for (const task of next.tasks) {
    const now = describeTaskProgress(task, next);
    const before = previous?.tasks.find((candidate) => candidate.id === task.id);
    if (before !== undefined && previous !== null) {
      const then = describeTaskProgress(before, previous);
      if (then.word === now.word && then.detail === now.detail && then.mark === now.mark) continue;
    }
    const status = [now.word, sanitizeTerminalText(now.detail)].filter((part) => part !== "").join(" · ");
    lines.push(
      `${paintText(stamp, "dim", options.color)} ${sanitizeTerminalText(task.id)} ${paintText(`${now.mark} ${status}`, now.tone, options.color)}`,
    );
  }
  return lines;
}
