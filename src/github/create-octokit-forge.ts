import type { z } from "zod";
import type { Permission } from "../core/commands/foreman-command.ts";
import { normaliseBody } from "../core/plan/normalise-body.ts";
import type { CommentRecord, IssueRecord } from "../core/plan/plan-snapshot.ts";
import type { IssuePatch } from "../core/plan/plan-write.ts";
import { readFooterMarker } from "../core/plan/read-footer-marker.ts";
import type {
  CheckRunFact,
  CommitStatusFact,
  PullFact,
  RequiredChecksFact,
  ReviewFact,
  WorkflowRunFact,
} from "../core/plan/task-facts.ts";
import type { Forge } from "./forge.ts";
import {
  branchRulesSchema,
  branchSchema,
  type CommentResponse,
  checkRunsSchema,
  commentSchema,
  commitStatusSchema,
  contentEntrySchema,
  fileContentSchema,
  gitRefSchema,
  type IssueResponse,
  issueEventSchema,
  issueSchema,
  labelSchema,
  type PullResponse,
  permissionSchema,
  pullSchema,
  repositorySchema,
  reviewSchema,
  workflowRunsSchema,
} from "./github-schemas.ts";
import { statusOfError } from "./status-of-error.ts";

/**
 * `octokit.request` as Foreman uses it: route and parameters in, status and untyped data out (the
 * data is checked with zod here). Probot's and @octokit/rest's clients both fit.
 */
export type GitHubRequest = (
  route: string,
  parameters?: Record<string, unknown>,
) => Promise<{ status: number; data: unknown }>;

const PER_PAGE = 100;
/** A safety stop for listings: 50 pages of 100 is far beyond any plan's size. */
const MAX_PAGES = 50;

/** The Forge over GitHub's REST API (or the local emulator, which serves the same API). */
export function createOctokitForge(options: {
  request: GitHubRequest;
  owner: string;
  repo: string;
  selfLogin: string;
}): Forge {
  const { owner, repo, selfLogin } = options;
  // Retries live in the client below (`createForemanOctokit`): reads and idempotent writes only.
  const { request } = options;
  const base = { owner, repo };

  const list = async <T>(
    route: string,
    parameters: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<T[]> => {
    const items: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data } = await request(route, { ...base, ...parameters, per_page: PER_PAGE, page });
      const pageItems = (schema.array() as z.ZodType<T[]>).parse(data);
      items.push(...pageItems);
      if (pageItems.length < PER_PAGE) break;
    }
    return items;
  };

  const listComments = async (issueNumber: number): Promise<CommentRecord[]> => {
    const comments = await list(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { issue_number: issueNumber },
      commentSchema,
    );
    return comments.map(toComment);
  };
  const listOwnComments = async (issueNumber: number): Promise<CommentRecord[]> =>
    (await listComments(issueNumber)).filter((comment) => comment.author === selfLogin);

  /** `repos/get-content` of the default branch; null for a path that does not exist */
  const getContent = async (path: string): Promise<unknown> => {
    try {
      const { data } = await request("GET /repos/{owner}/{repo}/contents/{path}", { ...base, path });
      return data;
    } catch (error) {
      if (statusOfError(error) === 404) return null;
      throw error;
    }
  };

  const createComment = async (issueNumber: number, body: string): Promise<CommentRecord> => {
    const { data } = await request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...base,
      issue_number: issueNumber,
      body,
    });
    return toComment(commentSchema.parse(data));
  };

  const updateComment = async (commentId: number, body: string): Promise<CommentRecord> => {
    const { data } = await request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...base,
      comment_id: commentId,
      body,
    });
    return toComment(commentSchema.parse(data));
  };

  const deleteComment = async (commentId: number): Promise<void> => {
    try {
      await request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        ...base,
        comment_id: commentId,
      });
    } catch (error) {
      if (statusOfError(error) !== 404) throw error;
    }
  };

  return {
    owner,
    repo,
    selfLogin,

    async getIssue(number) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
          ...base,
          issue_number: number,
        });
        return toIssue(issueSchema.parse(data));
      } catch (error) {
        if (statusOfError(error) === 404 || statusOfError(error) === 410) return null;
        throw error;
      }
    },

    async findIssuesByMarker(query, matches) {
      const issues = await list(
        "GET /repos/{owner}/{repo}/issues",
        { labels: query.label, state: "all", ...(query.since ? { since: query.since } : {}) },
        issueSchema,
      );
      return (
        issues
          .filter((issue) => issue.pull_request === undefined)
          .map(toIssue)
          // Only Foreman's own issues, identified by their footer: a marker a person typed is not one.
          .filter((issue) => {
            const marker = issue.author === selfLogin ? readFooterMarker(issue.body) : null;
            return marker !== null && matches(marker);
          })
      );
    },

    listOwnComments,
    listComments,

    async listDirectory(path) {
      const data = await getContent(path);
      if (data === null || !Array.isArray(data)) return null;
      return contentEntrySchema
        .array()
        .parse(data)
        .flatMap((entry) =>
          entry.type === "file" || entry.type === "dir" ? [{ path: entry.path, type: entry.type }] : [],
        );
    },

    async readTextFile(path) {
      const data = await getContent(path);
      const file = fileContentSchema.safeParse(data);
      if (!file.success || file.data.encoding !== "base64") return null;
      return Buffer.from(file.data.content, "base64").toString("utf8");
    },

    async listSubIssues(issueNumber) {
      const issues = await list(
        "GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
        { issue_number: issueNumber },
        issueSchema,
      );
      return issues.map(toIssue);
    },

    async listBlockedBy(issueNumber) {
      const issues = await list(
        "GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
        { issue_number: issueNumber },
        issueSchema,
      );
      return issues.map((issue) => issue.number);
    },

    async listBlocking(issueNumber) {
      const issues = await list(
        "GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking",
        { issue_number: issueNumber },
        issueSchema,
      );
      return issues.map(toIssue);
    },

    async listLabelNames() {
      const labels = await list("GET /repos/{owner}/{repo}/labels", {}, labelSchema);
      return labels.map((label) => label.name);
    },

    async findLabelEvent(issueNumber, label) {
      const events = await list(
        "GET /repos/{owner}/{repo}/issues/{issue_number}/events",
        { issue_number: issueNumber },
        issueEventSchema,
      );
      // GitHub's label names match without regard to case; events come oldest first.
      const last = events
        .filter((event) => event.label?.name.toLowerCase() === label.toLowerCase())
        .findLast((event) => event.event === "labeled" || event.event === "unlabeled");
      if (last?.event !== "labeled" || !last.actor) return null;
      return { actor: { login: last.actor.login, type: last.actor.type ?? "User" }, at: last.created_at };
    },

    async getPermission(login) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
          ...base,
          username: login,
        });
        const { permission, role_name } = permissionSchema.parse(data);
        // Custom roles have their own names; their base permission is what counts then.
        return toPermission(role_name) ?? toPermission(permission) ?? "none";
      } catch (error) {
        if (statusOfError(error) === 404) return "none";
        throw error;
      }
    },

    async listBranches(prefix) {
      let data: unknown;
      try {
        ({ data } = await request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
          ...base,
          ref: `heads/${prefix}`,
        }));
      } catch (error) {
        if (statusOfError(error) === 404) return [];
        throw error;
      }
      return gitRefSchema
        .array()
        .parse(data)
        .map((ref) => ref.ref.replace(/^refs\/heads\//, ""))
        .filter((branch) => branch.startsWith(prefix));
    },

    async listPullsByHead(branch) {
      const pulls = await list(
        "GET /repos/{owner}/{repo}/pulls",
        { state: "all", head: `${owner}:${branch}` },
        pullSchema,
      );
      return pulls
        .filter((pull) => pull.head.ref === branch)
        .map(toPullFact)
        .sort((a, b) => b.number - a.number);
    },

    async getPull(number) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
          ...base,
          pull_number: number,
        });
        return toPullFact(pullSchema.parse(data));
      } catch (error) {
        if (statusOfError(error) === 404) return null;
        throw error;
      }
    },

    async createPull(pull) {
      const { data } = await request("POST /repos/{owner}/{repo}/pulls", { ...base, ...pull });
      return toPullFact(pullSchema.parse(data));
    },

    async updatePull(number, patch) {
      const { data } = await request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
        ...base,
        pull_number: number,
        ...patch,
      });
      return toPullFact(pullSchema.parse(data));
    },

    async listWorkflowRuns(workflowFile, createdSince) {
      const runs = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        let data: unknown;
        try {
          ({ data } = await request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
            ...base,
            workflow_id: workflowFile,
            per_page: PER_PAGE,
            page,
          }));
        } catch (error) {
          if (statusOfError(error) === 404) return [];
          throw error;
        }
        const pageRuns = workflowRunsSchema.parse(data).workflow_runs;
        runs.push(...pageRuns);
        // Newest first: once a page reaches back before `createdSince`, older pages hold nothing wanted.
        // (GitHub's `created=>=…` filter would save even that page; the local GitHub does not accept it.)
        const oldest = pageRuns.at(-1)?.created_at ?? "";
        if (pageRuns.length < PER_PAGE || oldest < createdSince) break;
      }
      return runs
        .filter((run) => run.created_at >= createdSince)
        .map(
          (run): WorkflowRunFact => ({
            id: run.id,
            branch: run.head_branch ?? "",
            event: run.event,
            status: run.status ?? "queued",
            conclusion: run.conclusion,
            runAttempt: run.run_attempt ?? 1,
            displayTitle: run.display_title ?? "",
            url: run.html_url,
            createdAt: run.created_at,
            updatedAt: run.updated_at,
            startedAt: run.run_started_at ?? null,
          }),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    },

    async listCheckRuns(sha) {
      const runs: CheckRunFact[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data } = await request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
          ...base,
          ref: sha,
          // Every run, not GitHub's default of the latest per name: re-runs are counted from these.
          filter: "all",
          per_page: PER_PAGE,
          page,
        });
        const parsed = checkRunsSchema.parse(data);
        runs.push(
          ...parsed.check_runs.map(
            (run): CheckRunFact => ({
              id: run.id,
              name: run.name,
              appId: run.app?.id ?? null,
              headSha: run.head_sha,
              status: run.status,
              conclusion: run.conclusion,
              url: run.html_url ?? run.details_url ?? "",
              startedAt: run.started_at ?? null,
              completedAt: run.completed_at ?? null,
              title: run.output?.title ?? null,
              summary: run.output?.summary ?? null,
            }),
          ),
        );
        if (parsed.check_runs.length < PER_PAGE || runs.length >= parsed.total_count) break;
      }
      return runs;
    },

    async listCommitStatuses(sha) {
      const statuses = await list(
        "GET /repos/{owner}/{repo}/commits/{ref}/statuses",
        { ref: sha },
        commitStatusSchema,
      );
      return statuses.map(
        (status): CommitStatusFact => ({
          context: status.context,
          state: status.state,
          url: status.target_url ?? null,
          description: status.description ?? null,
          updatedAt: status.updated_at,
        }),
      );
    },

    async listReviews(pullNumber) {
      const reviews = await list(
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        { pull_number: pullNumber },
        reviewSchema,
      );
      return reviews.map(
        (review): ReviewFact => ({
          id: review.id,
          author: review.user?.login ?? "ghost",
          state: review.state,
          commitId: review.commit_id ?? null,
          submittedAt: review.submitted_at ?? null,
          body: review.body ?? "",
        }),
      );
    },

    async getDefaultBranch() {
      const { data } = await request("GET /repos/{owner}/{repo}", base);
      return repositorySchema.parse(data).default_branch;
    },

    async getBranchHead(branch) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/branches/{branch}", { ...base, branch });
        return branchSchema.parse(data).commit.sha;
      } catch (error) {
        if (statusOfError(error) === 404) return null;
        throw error;
      }
    },

    async getRequiredChecks(branch) {
      const [rulesData, branchData] = await Promise.all([
        request("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
          ...base,
          branch,
          per_page: PER_PAGE,
        }).then(
          ({ data }) => data,
          (error: unknown) => {
            if (statusOfError(error) === 404) return [];
            throw error;
          },
        ),
        request("GET /repos/{owner}/{repo}/branches/{branch}", { ...base, branch }).then(({ data }) => data),
      ]);
      const checks: RequiredChecksFact["checks"] = [];
      const add = (context: string, integrationId: number | null) => {
        if (!checks.some((known) => known.context === context && known.integrationId === integrationId))
          checks.push({ context, integrationId });
      };
      let strict = false;
      let fromRules = false;
      const rules = branchRulesSchema.parse(rulesData);
      const mergeQueue = rules.some((rule) => rule.type === "merge_queue");
      for (const rule of rules) {
        if (rule.type !== "required_status_checks") continue;
        fromRules = true;
        strict ||= rule.parameters?.strict_required_status_checks_policy ?? false;
        for (const check of rule.parameters?.required_status_checks ?? [])
          add(check.context, check.integration_id ?? null);
      }
      const classic = branchSchema.parse(branchData).protection?.required_status_checks;
      const fromProtection = Boolean(
        classic && ((classic.checks?.length ?? 0) > 0 || (classic.contexts?.length ?? 0) > 0),
      );
      if (classic) {
        strict ||= classic.strict ?? false;
        for (const check of classic.checks ?? []) add(check.context, check.app_id ?? null);
        for (const context of classic.contexts ?? [])
          if (!checks.some((known) => known.context === context)) add(context, null);
      }
      const source = fromRules
        ? fromProtection
          ? "rulesets+protection"
          : "rulesets"
        : fromProtection
          ? "protection"
          : "none";
      return { checks, strict, source, ...(mergeQueue ? { mergeQueue } : {}) };
    },

    async createRef(ref, sha) {
      try {
        await request("POST /repos/{owner}/{repo}/git/refs", { ...base, ref, sha });
        return "created";
      } catch (error) {
        if (statusOfError(error) === 422) return "exists";
        throw error;
      }
    },

    async refExists(ref) {
      try {
        await request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
          ...base,
          ref: ref.replace(/^refs\//, ""),
        });
        return true;
      } catch (error) {
        if (statusOfError(error) === 404) return false;
        throw error;
      }
    },

    async deleteRef(ref) {
      try {
        await request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", {
          ...base,
          ref: ref.replace(/^refs\//, ""),
        });
      } catch (error) {
        if (statusOfError(error) !== 404 && statusOfError(error) !== 422) throw error;
      }
    },

    async createIssue(issue) {
      const { data } = await request("POST /repos/{owner}/{repo}/issues", { ...base, ...issue });
      return toIssue(issueSchema.parse(data));
    },

    async updateIssue(number, patch) {
      const { data } = await request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        ...base,
        issue_number: number,
        ...issuePatchParameters(patch),
      });
      return toIssue(issueSchema.parse(data));
    },

    async addLabels(number, labels) {
      await request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
        ...base,
        issue_number: number,
        labels,
      });
    },

    async removeLabel(number, label) {
      try {
        await request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
          ...base,
          issue_number: number,
          name: label,
        });
      } catch (error) {
        // Already gone is the state we wanted.
        if (statusOfError(error) !== 404) throw error;
      }
    },

    async createLabel(label) {
      try {
        await request("POST /repos/{owner}/{repo}/labels", { ...base, ...label });
      } catch (error) {
        // Another replica (or a person) created it meanwhile: the label exists, which is the goal.
        if (statusOfError(error) !== 422) throw error;
      }
    },

    async addSubIssue(parentNumber, childId, options) {
      await request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
        ...base,
        issue_number: parentNumber,
        sub_issue_id: childId,
        ...(options?.replaceParent ? { replace_parent: true } : {}),
      });
    },

    async removeSubIssue(parentNumber, childId) {
      try {
        await request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue", {
          ...base,
          issue_number: parentNumber,
          sub_issue_id: childId,
        });
      } catch (error) {
        if (statusOfError(error) !== 404 && statusOfError(error) !== 422) throw error;
      }
    },

    deleteComment,

    async addBlockedBy(issueNumber, blockerId) {
      await request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
        ...base,
        issue_number: issueNumber,
        issue_id: blockerId,
      });
    },

    async removeBlockedBy(issueNumber, blockerId) {
      try {
        await request(
          "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}",
          {
            ...base,
            issue_number: issueNumber,
            issue_id: blockerId,
          },
        );
      } catch (error) {
        if (statusOfError(error) !== 404) throw error;
      }
    },

    createComment,
    updateComment,

    async ensureComment(issueNumber, matches, body) {
      const matching = async () =>
        (await listOwnComments(issueNumber)).filter((comment) => {
          const marker = readFooterMarker(comment.body);
          return marker !== null && matches(marker);
        });
      const existing = (await matching())[0];
      if (!existing) {
        const created = await createComment(issueNumber, body);
        // Replicas answering the same event may both have found none: the oldest copy stays, on every
        // replica alike, and whoever created last sees the others' and removes its own.
        const copies = await matching();
        const oldest = copies.reduce((first, copy) => (copy.id < first.id ? copy : first), created);
        for (const copy of copies) if (copy.id !== oldest.id) await deleteComment(copy.id);
        return oldest;
      }
      if (normaliseBody(existing.body) === normaliseBody(body)) return existing;
      return updateComment(existing.id, body);
    },

    async addCommentReaction(commentId, content) {
      await request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
        ...base,
        comment_id: commentId,
        content,
      });
    },

    async addIssueReaction(issueNumber, content) {
      await request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", {
        ...base,
        issue_number: issueNumber,
        content,
      });
    },
  };
}

function toIssue(issue: IssueResponse): IssueRecord {
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state,
    stateReason: issue.state_reason ?? null,
    labels: issue.labels.flatMap((label) =>
      typeof label === "string" ? [label] : label.name ? [label.name] : [],
    ),
    author: issue.user?.login ?? "ghost",
    url: issue.html_url,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    isPullRequest: issue.pull_request !== undefined,
    blockedByCount: issue.issue_dependencies_summary?.total_blocked_by ?? null,
    parentNumber: numberAtEnd(issue.parent_issue_url),
  };
}

function toPullFact(pull: PullResponse): PullFact {
  return {
    number: pull.number,
    url: pull.html_url,
    branch: pull.head.ref,
    baseRef: pull.base.ref,
    state: pull.state,
    draft: pull.draft ?? false,
    merged: Boolean(pull.merged_at),
    mergedAt: pull.merged_at ?? null,
    mergeSha: pull.merged_at ? (pull.merge_commit_sha ?? null) : null,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    mergeableState: pull.mergeable_state ?? null,
    changedFiles: null,
    createdAt: pull.created_at,
  };
}

function numberAtEnd(url: string | null | undefined): number | null {
  const match = url ? /\/issues\/(\d+)$/.exec(url) : null;
  return match ? Number(match[1]) : null;
}

function toComment(comment: CommentResponse): CommentRecord {
  return {
    id: comment.id,
    body: comment.body ?? "",
    author: comment.user?.login ?? "ghost",
    url: comment.html_url,
  };
}

function issuePatchParameters(patch: IssuePatch): Record<string, unknown> {
  const { stateReason, ...rest } = patch;
  return stateReason === undefined ? rest : { ...rest, state_reason: stateReason };
}

const PERMISSIONS: readonly Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];

function toPermission(value: string | undefined): Permission | undefined {
  return PERMISSIONS.find((permission) => permission === value);
}
