export type TerminalStyle = {
  /** redraw the task list in place (a terminal), or print a line per change (a log or a pipe) */
  redraw: boolean;
  color: boolean;
};

/**
 * Decides how to draw on a stream: in place and in colour on a terminal; plain lines elsewhere.
 * `NO_COLOR` (any non-empty value, per no-color.org) turns colour off everywhere, `FORCE_COLOR`
 * (other than `0`) turns it on for logs, and `TERM=dumb` gets neither colour nor cursor movement.
 */
export function chooseTerminalStyle(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
): TerminalStyle {
  const dumb = env.TERM === "dumb";
  const redraw = stream.isTTY === true && !dumb;
  if ((env.NO_COLOR ?? "") !== "") return { redraw, color: false };
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  return { redraw, color: forced || redraw };
}
