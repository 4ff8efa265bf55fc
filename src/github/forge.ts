import type { Permission, ReactionContent } from "../core/commands/foreman-command.ts";
import type { PlanMarker } from "../core/plan/plan-marker.ts";
import type { CommentRecord, IssueRecord, PullRecord } from "../core/plan/plan-snapshot.ts";
import type { IssuePatch } from "../core/plan/plan-write.ts";

export type WorkflowRunRecord = {
  id: number;
  branch: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
};

export type CheckRunRecord = {
  name: string;
  status: string;
  conclusion: string | null;
};

/**
 * Every GitHub call Foreman makes, for one repository (DESIGN.md "Pure core, thin shell"), in the
 * spirit of Renovate's `Platform`: reads return plain records, writes return what GitHub stored, and
 * the `ensure…` writes find their target by a hidden marker so repeating them changes nothing.
 */
export interface Forge {
  readonly owner: string;
  readonly repo: string;
  /** Foreman's own login (`<app-slug>[bot]`): only its comments may carry trusted markers */
  readonly selfLogin: string;

  getIssue(number: number): Promise<IssueRecord | null>;
  /** issues (not pull requests) with `label`, updated since `since`, whose body has a matching marker */
  findIssuesByMarker(
    query: { label: string; since?: string },
    matches: (marker: PlanMarker) => boolean,
  ): Promise<IssueRecord[]>;
  /** comments on an issue written by Foreman itself */
  listOwnComments(issueNumber: number): Promise<CommentRecord[]>;
  listSubIssues(issueNumber: number): Promise<IssueRecord[]>;
  /** numbers of the issues blocking this one */
  listBlockedBy(issueNumber: number): Promise<number[]>;
  /** the issues this one blocks (in this repository or another of the owner's) */
  listBlocking(issueNumber: number): Promise<IssueRecord[]>;
  listLabelNames(): Promise<string[]>;
  getPermission(login: string): Promise<Permission>;
  /** pull requests (any state) whose head branch starts with `prefix` */
  listPullsByBranchPrefix(prefix: string): Promise<PullRecord[]>;
  /** runs of a workflow file; none when the workflow does not exist */
  listWorkflowRuns(workflowFile: string): Promise<WorkflowRunRecord[]>;
  listCheckRuns(sha: string): Promise<CheckRunRecord[]>;

  /** opens a pull request from branch `head` into `base` */
  createPull(pull: { title: string; body: string; head: string; base: string }): Promise<PullRecord>;
  updatePull(number: number, patch: { title?: string; body?: string }): Promise<PullRecord>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueRecord>;
  updateIssue(number: number, patch: IssuePatch): Promise<IssueRecord>;
  addLabels(number: number, labels: string[]): Promise<void>;
  removeLabel(number: number, label: string): Promise<void>;
  createLabel(label: { name: string; color: string; description: string }): Promise<void>;
  /** links by the child's database id, as GitHub requires */
  addSubIssue(parentNumber: number, childId: number): Promise<void>;
  addBlockedBy(issueNumber: number, blockerId: number): Promise<void>;
  removeBlockedBy(issueNumber: number, blockerId: number): Promise<void>;
  createComment(issueNumber: number, body: string): Promise<CommentRecord>;
  updateComment(commentId: number, body: string): Promise<CommentRecord>;
  /** the one comment of Foreman's on the issue whose marker matches: created, updated, or left as is */
  ensureComment(
    issueNumber: number,
    matches: (marker: PlanMarker) => boolean,
    body: string,
  ): Promise<CommentRecord>;
  addCommentReaction(commentId: number, content: ReactionContent): Promise<void>;
  addIssueReaction(issueNumber: number, content: ReactionContent): Promise<void>;
}
