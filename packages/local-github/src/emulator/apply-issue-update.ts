import type { IssueAction } from "./emit-issue-event.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { ensureLabel, labelNames } from "./ensure-label.ts";
import type { Actor } from "./operation-types.ts";

/** Applies an update and returns the events it causes, in the order GitHub raises them. */
export function applyIssueUpdate(
  runtime: EmulatorRuntime,
  actor: Actor,
  repo: RepositoryRecord,
  issue: IssueRecord,
  update: {
    title?: string | number | null;
    body?: string | null;
    state?: "open" | "closed";
    state_reason?: "completed" | "not_planned" | "duplicate" | "reopened" | null;
    labels?: ReadonlyArray<string | { name?: string }>;
    assignees?: string[];
  },
): IssueAction[] {
  const events: IssueAction[] = [];
  const changes: { title?: { from: string }; body?: { from: string | null } } = {};
  if (update.title !== undefined && update.title !== null && String(update.title) !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = String(update.title);
  }
  if (update.body !== undefined && update.body !== issue.body) {
    changes.body = { from: issue.body };
    issue.body = update.body;
  }
  if (changes.title || changes.body) events.push({ action: "edited", changes });
  if (update.state !== undefined && update.state !== issue.state) {
    if (update.state === "closed") {
      issue.state = "closed";
      issue.stateReason =
        update.state_reason && update.state_reason !== "reopened" ? update.state_reason : "completed";
      issue.closedAt = runtime.now();
      issue.closedByLogin = actor.login;
      events.push({ action: "closed" });
    } else {
      issue.state = "open";
      issue.stateReason = "reopened";
      issue.closedAt = null;
      issue.closedByLogin = null;
      events.push({ action: "reopened" });
    }
  } else if (update.state_reason !== undefined && issue.state === "closed" && update.state_reason !== null) {
    issue.stateReason = update.state_reason;
  }
  if (update.labels !== undefined) {
    runtime.requirePermission(actor, repo, "triage");
    const wanted = labelNames(update.labels).map((name) => ensureLabel(runtime, repo, name).name);
    for (const name of issue.labels.filter((name) => !wanted.includes(name)))
      events.push({ action: "unlabeled", label: name });
    for (const name of wanted.filter((name) => !issue.labels.includes(name)))
      events.push({ action: "labeled", label: name });
    issue.labels = [...new Set(wanted)];
  }
  if (update.assignees !== undefined) {
    const wanted = [...new Set(update.assignees)];
    for (const login of issue.assignees.filter((login) => !wanted.includes(login))) {
      events.push({ action: "unassigned", assignee: login });
    }
    for (const login of wanted.filter((login) => !issue.assignees.includes(login))) {
      runtime.account(login);
      events.push({ action: "assigned", assignee: login });
    }
    issue.assignees = wanted;
  }
  if (events.length > 0) issue.updatedAt = runtime.now();
  return events;
}
