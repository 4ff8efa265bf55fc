import { buildIssue } from "./build-issue.ts";
import { buildLabel } from "./build-label.ts";
import { buildPullRequest } from "./build-pull-request.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import { type EmulatorRuntime, isPull } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { recordIssueEvent } from "./record-issue-event.ts";

export type IssueAction =
  | { action: "opened" | "closed" | "reopened" }
  | {
      action: "edited";
      changes: {
        title?: { from: string };
        body?: { from: string | null };
        base?: { ref: { from: string }; sha: { from: string } };
      };
    }
  | { action: "labeled" | "unlabeled"; label: string }
  | { action: "assigned" | "unassigned"; assignee: string };

/**
 * Raises `issues.<action>` for an issue, or `pull_request.<action>` when the issue is a pull request
 * (GitHub does the same when a pull request is edited through the issues API), and records it for
 * the issue's events list.
 */
export async function emitIssueEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  issue: IssueRecord,
  event: IssueAction,
  senderLogin: string,
): Promise<void> {
  recordIssueEvent(runtime, repo, issue, event, senderLogin);
  const extra: Record<string, unknown> = {};
  if (event.action === "edited") {
    // Webhooks report a previously empty body as "" (their schema has no null there).
    const { body, ...rest } = event.changes;
    extra.changes = body === undefined ? rest : { ...rest, body: { from: body.from ?? "" } };
  }
  if (event.action === "labeled" || event.action === "unlabeled") {
    const label = repo.labels.find((candidate) => candidate.name === event.label);
    if (label) extra.label = buildLabel(runtime, repo, label);
  }
  if (event.action === "assigned" || event.action === "unassigned") {
    extra.assignee = buildSimpleUser(runtime, event.assignee);
  }
  if (isPull(issue)) {
    const pullRequest = buildPullRequest(runtime, repo, issue, await runtime.pullFacts(repo, issue));
    runtime.emit(
      repo,
      "pull_request",
      { action: event.action, number: issue.number, pull_request: pullRequest, ...extra },
      senderLogin,
    );
    return;
  }
  runtime.emit(
    repo,
    "issues",
    { action: event.action, issue: buildIssue(runtime, repo, issue), ...extra },
    senderLogin,
  );
}
