import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { ensureLabel } from "./ensure-label.ts";

/** Creates an issue record (pull requests use it too: on GitHub every pull request is an issue). */
export function createIssueRecord(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  fields: { title: string; body: string | null; authorLogin: string; labels: string[]; assignees: string[] },
): IssueRecord {
  const now = runtime.now();
  for (const name of fields.labels) ensureLabel(runtime, repo, name);
  const issue: IssueRecord = {
    id: runtime.allocateId(),
    number: repo.nextIssueNumber,
    title: fields.title,
    body: fields.body,
    state: "open",
    stateReason: null,
    authorLogin: fields.authorLogin,
    labels: [...new Set(fields.labels.map((name) => ensureLabel(runtime, repo, name).name))],
    assignees: [...new Set(fields.assignees)],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedByLogin: null,
    subIssueIds: [],
    parentId: null,
    blockedByIds: [],
    reactions: [],
    pull: null,
  };
  repo.nextIssueNumber += 1;
  repo.issues.push(issue);
  for (const login of issue.assignees) runtime.account(login);
  return issue;
}
