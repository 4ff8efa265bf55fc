import type { TaskProgress } from "./describe-task-progress.ts";

export type Paint = TaskProgress["tone"] | "bold" | "dim";

const SGR: Record<Paint, string> = {
  done: "32",
  retrying: "33",
  running: "36",
  waiting: "2",
  stuck: "31",
  inactive: "2",
  bold: "1",
  dim: "2",
};

/** Wraps text in an ANSI colour when colour is on; otherwise returns it unchanged. */
export function paintText(text: string, paint: Paint, color: boolean): string {
  return color && text !== "" ? `\u001b[${SGR[paint]}m${text}\u001b[0m` : text;
}
