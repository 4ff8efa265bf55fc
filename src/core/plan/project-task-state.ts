import type { TaskState } from "../graph/task-state.ts";
import type { DesiredChild } from "./desired-child.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import { withStateLabel } from "./with-state-label.ts";

/** What every child shows of its state: one `foreman:<state>` label, and closed once finished. */
export function projectTaskState(child: IssueRecord, state: TaskState): DesiredChild {
  const projection: DesiredChild = { labels: withStateLabel(child.labels, state) };
  if (child.state === "open" && (state === "done" || state === "skipped" || state === "cancelled")) {
    projection.state = "closed";
    projection.stateReason = state === "done" ? "completed" : "not_planned";
  }
  return projection;
}
