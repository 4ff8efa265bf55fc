import { describeTaskProgress } from "./describe-task-progress.ts";
import { formatFigure } from "./format-figure.ts";
import { paintText } from "./paint-text.ts";
import type { PlanRun } from "./plan-run.ts";
import { sanitizeTerminalText } from "./sanitize-terminal-text.ts";
import { summarisePlanRun } from "./summarise-plan-run.ts";

export type TaskListOptions = {
  now: number;
  color: boolean;
  /** terminal columns: every line is cut to fit, so redrawing in place never meets a wrapped line */
  width: number | null;
};

const TITLE_WIDTH = 40;

/**
 * The live task list, one frame: a header with the plan's progress, then one line per task —
 * mark, id, title, what is happening and what it cost so far.
 *
 *   Plan #1 · todo-cli · 2/5 done · 42s · 3 attempts · $0.12
 *     ✓ T1  Complete and remove to-dos   done · PR #7 merged · 1 attempt · $0.03
 *     ↻ T4  Due dates on the CLI         retrying · attempt 1 failed · test failed
 */
export function renderTaskList(run: PlanRun, options: TaskListOptions): string[] {
  const totals = summarisePlanRun(run, options.now);
  const header = [
    `Plan #${run.plan.number}`,
    sanitizeTerminalText(run.plan.title),
    `${totals.done}/${totals.total} done`,
    formatFigure("duration", totals.elapsedMs),
    `${totals.attempts} attempt${totals.attempts === 1 ? "" : "s"}`,
    formatFigure("usd", totals.costUsd),
  ].join(" · ");
  const idWidth = Math.max(0, ...run.tasks.map((task) => [...task.id].length));
  const titleWidth = Math.min(
    TITLE_WIDTH,
    Math.max(0, ...run.tasks.map((task) => [...sanitizeTerminalText(task.title)].length)),
  );
  const rows = run.tasks.map((task) => {
    const progress = describeTaskProgress(task, run);
    const cost = totals.costByTask[task.id] ?? null;
    const id = padEnd(sanitizeTerminalText(task.id), idWidth);
    const title = padEnd(cut(sanitizeTerminalText(task.title), titleWidth), titleWidth);
    const status = [
      progress.word,
      sanitizeTerminalText(progress.detail),
      cost === null ? "" : formatFigure("usd", cost),
    ]
      .filter((part) => part !== "")
      .join(" · ");
    const plain = `  ${progress.mark} ${id}  ${title}  ${status}`;
    const fitted = options.width === null ? plain : cut(plain, options.width);
    if (!options.color) return fitted;
    // Colour the mark and the status; the cut is decided on the plain text so widths stay right.
    const head = `  ${progress.mark} ${id}  ${title}  `;
    if (fitted.length <= head.length) return paintText(fitted, progress.tone, true);
    return `  ${paintText(progress.mark, progress.tone, true)} ${paintText(id, "bold", true)}  ${title}  ${paintText(fitted.slice(head.length), progress.tone, true)}`;
  });
  const fittedHeader = options.width === null ? header : cut(header, options.width);
  return [paintText(fittedHeader, "bold", options.color), ...rows];
}

function cut(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return width <= 0 ? "" : `${characters.slice(0, width - 1).join("")}…`;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - [...text].length));
}
