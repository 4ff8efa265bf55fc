import { applyIssueUpdate } from "./apply-issue-update.ts";
import { buildIssue } from "./build-issue.ts";
import { buildIssueEvent } from "./build-issue-event.ts";
import { createIssueRecord } from "./create-issue-record.ts";
import { emitIssueEvent } from "./emit-issue-event.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import { enforceTextLimits } from "./enforce-text-limits.ts";
import { labelNames } from "./ensure-label.ts";
import { forbidden } from "./github-api-error.ts";
import type { Actor, OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** Authors may edit their own issue; everyone else needs triage (labels always need triage). */
function requireIssueEditor(
  runtime: EmulatorRuntime,
  actor: Actor,
  repo: RepositoryRecord,
  issue: IssueRecord,
) {
  if (issue.authorLogin === actor.login) return;
  runtime.requirePermission(actor, repo, "triage");
}

/**
 * Issues: create, get, update, list with GitHub's filters (pull requests included, as GitHub does), and
 * an issue's events (who labelled, closed or renamed it, oldest first).
 */
export function createIssueOperations(): OperationHandlers {
  return {
    "issues/create": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "read");
      // Labels and assignees from someone without push access are silently dropped, as the API documents.
      enforceTextLimits("Issue", { title: String(body.title), body: body.body });
      const canTriage = runtime.hasPermission(actor, repo, "triage");
      const assignees = [...(body.assignees ?? []), ...(body.assignee ? [body.assignee] : [])];
      const issue = createIssueRecord(runtime, repo, {
        title: String(body.title),
        body: body.body ?? null,
        authorLogin: actor.login,
        labels: canTriage ? labelNames(body.labels) : [],
        assignees: canTriage ? assignees : [],
      });
      await emitIssueEvent(runtime, repo, issue, { action: "opened" }, actor.login);
      for (const label of issue.labels)
        await emitIssueEvent(runtime, repo, issue, { action: "labeled", label }, actor.login);
      const built = buildIssue(runtime, repo, issue);
      return { status: 201, body: built, headers: { location: built.url } };
    },

    "issues/get": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      return { status: 200, body: buildIssue(runtime, repo, runtime.issue(repo, path.issue_number)) };
    },

    "issues/update": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      requireIssueEditor(runtime, actor, repo, issue);
      if (issue.locked && !runtime.hasPermission(actor, repo, "write")) throw forbidden("Issue is locked");
      const update = body ?? {};
      enforceTextLimits("Issue", {
        title: update.title === undefined || update.title === null ? undefined : String(update.title),
        body: update.body,
      });
      const assignees = update.assignees?.flatMap((assignee) =>
        typeof assignee === "string" ? [assignee] : assignee.login ? [assignee.login] : [],
      );
      const events = applyIssueUpdate(runtime, actor, repo, issue, {
        ...update,
        labels: update.labels === undefined ? undefined : labelNames(update.labels),
        assignees:
          assignees ?? (update.assignee === undefined ? undefined : update.assignee ? [update.assignee] : []),
      });
      for (const event of events) await emitIssueEvent(runtime, repo, issue, event, actor.login);
      return { status: 200, body: buildIssue(runtime, repo, issue) };
    },

    "issues/list-events": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const events = repo.issueEvents.filter((event) => event.issueNumber === issue.number);
      const page = paginateList(events, query, url);
      return {
        status: 200,
        body: page.items.map((event) => buildIssueEvent(runtime, repo, event)),
        headers: page.headers,
      };
    },

    "issues/list-for-repo": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const state = query.state ?? "open";
      const labels = query.labels ? query.labels.split(",").map((name) => name.trim().toLowerCase()) : [];
      const since = query.since ? Date.parse(query.since) : null;
      const matching = repo.issues.filter((issue) => {
        if (state !== "all" && issue.state !== state) return false;
        if (query.creator && issue.authorLogin !== query.creator) return false;
        if (query.assignee === "none" && issue.assignees.length > 0) return false;
        if (query.assignee === "*" && issue.assignees.length === 0) return false;
        if (
          query.assignee &&
          query.assignee !== "none" &&
          query.assignee !== "*" &&
          !issue.assignees.includes(query.assignee)
        ) {
          return false;
        }
        if (labels.some((label) => !issue.labels.some((name) => name.toLowerCase() === label))) return false;
        if (since !== null && Date.parse(issue.updatedAt) < since) return false;
        return true;
      });
      const sort = query.sort ?? "created";
      const direction = query.direction === "asc" ? 1 : -1;
      const commentCount = (issue: IssueRecord) =>
        repo.comments.filter((comment) => comment.issueNumber === issue.number).length;
      const sorted = [...matching].sort((a, b) => {
        const key =
          sort === "comments"
            ? commentCount(a) - commentCount(b)
            : sort === "updated"
              ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt)
              : 0;
        // Numbers order issues created in the same second.
        return direction * (key !== 0 ? key : a.number - b.number);
      });
      const page = paginateList(sorted, query, url);
      return {
        status: 200,
        body: page.items.map((issue) => buildIssue(runtime, repo, issue)),
        headers: page.headers,
      };
    },
  };
}
