import { buildLabel } from "./build-label.ts";
import { emitIssueEvent } from "./emit-issue-event.ts";
import type { LabelRecord, RepositoryRecord } from "./emulator-state.ts";
import { ensureLabel, labelNames } from "./ensure-label.ts";
import { GitHubApiError, notFound, validationFailed } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/** The label bodies the API accepts: `{labels: [...]}`, a bare array, or `{labels: [{name}]}`. */
function requestedLabels(body: unknown): string[] {
  if (Array.isArray(body)) return labelNames(body);
  if (typeof body === "string") return [body];
  if (body !== null && typeof body === "object" && "labels" in body && Array.isArray(body.labels)) {
    return labelNames(body.labels);
  }
  return [];
}

function findLabel(repo: RepositoryRecord, name: string): LabelRecord | undefined {
  return repo.labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
}

/** Repository labels and the labels on an issue. Adding and removing need triage access. */
export function createLabelOperations(): OperationHandlers {
  return {
    "issues/list-labels-for-repo": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const page = paginateList(repo.labels, query, url);
      return {
        status: 200,
        body: page.items.map((label) => buildLabel(runtime, repo, label)),
        headers: page.headers,
      };
    },

    "issues/get-label": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const label = findLabel(repo, path.name);
      if (!label) throw notFound();
      return { status: 200, body: buildLabel(runtime, repo, label) };
    },

    "issues/create-label": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      if (findLabel(repo, body.name)) {
        throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      }
      const color = (body.color ?? "ededed").replace(/^#/, "");
      if (!/^[0-9a-fA-F]{6}$/.test(color)) {
        throw validationFailed([{ resource: "Label", code: "invalid", field: "color" }]);
      }
      const label: LabelRecord = {
        id: runtime.allocateId(),
        name: body.name,
        color: color.toLowerCase(),
        description: body.description ?? null,
        isDefault: false,
      };
      repo.labels.push(label);
      return { status: 201, body: buildLabel(runtime, repo, label) };
    },

    "issues/list-labels-on-issue": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      const labels = issue.labels.flatMap((name) => {
        const label = findLabel(repo, name);
        return label ? [buildLabel(runtime, repo, label)] : [];
      });
      const page = paginateList(labels, query, url);
      return { status: 200, body: page.items, headers: page.headers };
    },

    "issues/add-labels": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const added: string[] = [];
      for (const name of requestedLabels(body)) {
        const label = ensureLabel(runtime, repo, name);
        if (!issue.labels.includes(label.name)) {
          issue.labels.push(label.name);
          added.push(label.name);
        }
      }
      if (added.length > 0) issue.updatedAt = runtime.now();
      for (const label of added)
        await emitIssueEvent(runtime, repo, issue, { action: "labeled", label }, actor.login);
      return {
        status: 200,
        body: issue.labels.flatMap((name) => {
          const label = findLabel(repo, name);
          return label ? [buildLabel(runtime, repo, label)] : [];
        }),
      };
    },

    "issues/set-labels": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const wanted = [...new Set(requestedLabels(body).map((name) => ensureLabel(runtime, repo, name).name))];
      const removed = issue.labels.filter((name) => !wanted.includes(name));
      const added = wanted.filter((name) => !issue.labels.includes(name));
      issue.labels = wanted;
      if (removed.length + added.length > 0) issue.updatedAt = runtime.now();
      for (const label of removed)
        await emitIssueEvent(runtime, repo, issue, { action: "unlabeled", label }, actor.login);
      for (const label of added)
        await emitIssueEvent(runtime, repo, issue, { action: "labeled", label }, actor.login);
      return {
        status: 200,
        body: wanted.flatMap((name) => {
          const label = findLabel(repo, name);
          return label ? [buildLabel(runtime, repo, label)] : [];
        }),
      };
    },

    "issues/remove-label": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const issue = runtime.issue(repo, path.issue_number);
      runtime.requirePermission(actor, repo, "triage");
      const name = issue.labels.find((candidate) => candidate.toLowerCase() === path.name.toLowerCase());
      if (!name) throw new GitHubApiError(404, "Label does not exist");
      issue.labels = issue.labels.filter((candidate) => candidate !== name);
      issue.updatedAt = runtime.now();
      await emitIssueEvent(runtime, repo, issue, { action: "unlabeled", label: name }, actor.login);
      return {
        status: 200,
        body: issue.labels.flatMap((labelName) => {
          const label = findLabel(repo, labelName);
          return label ? [buildLabel(runtime, repo, label)] : [];
        }),
      };
    },
  };
}
