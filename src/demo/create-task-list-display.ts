import { chooseTerminalStyle } from "./choose-terminal-style.ts";
import type { PlanRun } from "./plan-run.ts";
import { renderProgressChanges } from "./render-progress-changes.ts";
import { renderRunClosing } from "./render-run-closing.ts";
import { renderTaskList } from "./render-task-list.ts";

export type TaskListStream = {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
};

export type TaskListDisplay = {
  /** show the run's current state: redraw the list in place, or print what changed */
  update(run: PlanRun): void;
  /** the last frame (or change lines), then the closing block */
  finish(run: PlanRun, options?: { pagePath?: string | null }): void;
};

const ERASE_LINE_AND_BELOW = "\u001b[0J";

/**
 * The live task list on a stream (`process.stdout` for `npm run demo`). On a terminal each update
 * moves the cursor back over the previous frame and draws the new one; on anything else it prints
 * one line per change, so a CI log reads top to bottom.
 */
export function createTaskListDisplay(
  stream: TaskListStream,
  options: { env: Record<string, string | undefined>; now: () => number },
): TaskListDisplay {
  const style = chooseTerminalStyle(stream, options.env);
  let previous: PlanRun | null = null;
  let drawnLines = 0;

  const draw = (run: PlanRun) => {
    const now = options.now();
    if (!style.redraw) {
      const lines = renderProgressChanges(previous, run, { now, color: style.color });
      if (lines.length > 0) stream.write(`${lines.join("\n")}\n`);
    } else {
      const width = stream.columns !== undefined && stream.columns > 0 ? stream.columns - 1 : null;
      const frame = renderTaskList(run, { now, color: style.color, width });
      const back = drawnLines > 0 ? `\u001b[${drawnLines}A\r` : "";
      stream.write(`${back}${ERASE_LINE_AND_BELOW}${frame.join("\n")}\n`);
      drawnLines = frame.length;
    }
    previous = run;
  };

  return {
    update: draw,
    finish(run, finishOptions = {}) {
      draw(run);
      const closing = renderRunClosing(run, {
        now: options.now(),
        color: style.color,
        pagePath: finishOptions.pagePath ?? null,
      });
      stream.write(`\n${closing.join("\n")}\n`);
      drawnLines = 0;
    },
  };
}
