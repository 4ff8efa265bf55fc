import type { LinkTarget } from "./layout-sub-issues.ts";

/** A blocker as the command line and the simulation name it: a task's id, or `phase:<key>` for a phase issue. */
export function formatLinkTarget(blocker: LinkTarget): string {
  return blocker.kind === "task" ? blocker.id : `phase:${blocker.key}`;
}
