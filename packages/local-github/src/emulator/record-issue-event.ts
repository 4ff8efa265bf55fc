import type { IssueAction } from "./emit-issue-event.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueEventRecord, IssueRecord, RepositoryRecord } from "./emulator-state.ts";

/**
 * Keeps what GitHub's issue events API lists for an action: label changes, closing and reopening, title
 * changes (`renamed`), each with who did it and when. Body edits leave no event there, as on GitHub.
 */
export function recordIssueEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  issue: IssueRecord,
  action: IssueAction,
  actorLogin: string,
): void {
  const base = {
    issueNumber: issue.number,
    actorLogin,
    createdAt: runtime.now(),
    label: null,
    stateReason: null,
    rename: null,
  };
  const record = (fields: Partial<IssueEventRecord> & Pick<IssueEventRecord, "event">) =>
    repo.issueEvents.push({ id: runtime.allocateId(), ...base, ...fields });
  switch (action.action) {
    case "labeled":
    case "unlabeled":
      return void record({ event: action.action, label: action.label });
    case "closed":
      return void record({ event: "closed", stateReason: issue.stateReason });
    case "reopened":
      return void record({ event: "reopened", stateReason: "reopened" });
    case "edited":
      if (action.changes.title)
        record({ event: "renamed", rename: { from: action.changes.title.from, to: issue.title } });
      return;
    default:
      return;
  }
}
