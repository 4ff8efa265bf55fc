import type { Actor } from "../core/commands/authorize-actor.ts";
import type { Permission, ReactionContent } from "../core/commands/foreman-command.ts";
import type { PlanMarker } from "../core/plan/plan-marker.ts";
import type { CommentRecord, IssueRecord } from "../core/plan/plan-snapshot.ts";
import type { IssuePatch } from "../core/plan/plan-write.ts";
import type {
  CheckRunFact,
  CommitStatusFact,
  PullFact,
  RequiredChecksFact,
  ReviewFact,
  WorkflowRunFact,
} from "../core/plan/task-facts.ts";

/**
 * Every GitHub call Foreman makes, for one repository (DESIGN.md "Pure core, thin shell"), in the
 * spirit of Renovate's `Platform`: reads return plain records, writes return what GitHub stored, and
 * `ensureComment` finds its target by a hidden marker so repeating it changes nothing. The other writes
 * are plain: idempotency lives in the pure reconcile's diff and the shell's fold.
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
  /** every comment on an issue, oldest first: people's text, untrusted, markers in it mean nothing */
  listComments(issueNumber: number): Promise<CommentRecord[]>;
  /** a directory of the default branch (`""`: the top), or null when there is none */
  listDirectory(path: string): Promise<Array<{ path: string; type: "file" | "dir" }> | null>;
  /** a file of the default branch as UTF-8 text, or null when there is none */
  readTextFile(path: string): Promise<string | null>;
  listSubIssues(issueNumber: number): Promise<IssueRecord[]>;
  /** numbers of the issues blocking this one */
  listBlockedBy(issueNumber: number): Promise<number[]>;
  /** the issues this one blocks (in this repository or another of the owner's) */
  listBlocking(issueNumber: number): Promise<IssueRecord[]>;
  listLabelNames(): Promise<string[]>;
  /**
   * who put `label` on the issue and when (the issue's last `labeled` event for it); null when its events
   * show it taken off since, or never put on by anyone GitHub still knows
   */
  findLabelEvent(issueNumber: number, label: string): Promise<{ actor: Actor; at: string } | null>;
  getPermission(login: string): Promise<Permission>;
  /** names of the branches starting with `prefix` (e.g. `foreman/12/`) */
  listBranches(prefix: string): Promise<string[]>;
  /** pull requests (any state) whose head is exactly `branch` of this repository, newest first */
  listPullsByHead(branch: string): Promise<PullFact[]>;
  /** one pull request by number, or null when there is none */
  getPull(number: number): Promise<PullFact | null>;
  /** runs of a workflow file created since `createdSince` (ISO); none when the workflow does not exist */
  listWorkflowRuns(workflowFile: string, createdSince: string): Promise<WorkflowRunFact[]>;
  /** every check run on a commit (all pages) */
  listCheckRuns(sha: string): Promise<CheckRunFact[]>;
  listCommitStatuses(sha: string): Promise<CommitStatusFact[]>;
  listReviews(pullNumber: number): Promise<ReviewFact[]>;
  getDefaultBranch(): Promise<string>;
  /** the head commit of a branch; null when it does not exist */
  getBranchHead(branch: string): Promise<string | null>;
  /** the branch's required checks: active rulesets' rules and classic protection together */
  getRequiredChecks(branch: string): Promise<RequiredChecksFact>;

  /** opens a pull request from branch `head` into `base` */
  createPull(pull: { title: string; body: string; head: string; base: string }): Promise<PullFact>;
  updatePull(number: number, patch: { title?: string; body?: string }): Promise<PullFact>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueRecord>;
  updateIssue(number: number, patch: IssuePatch): Promise<IssueRecord>;
  addLabels(number: number, labels: string[]): Promise<void>;
  removeLabel(number: number, label: string): Promise<void>;
  createLabel(label: { name: string; color: string; description: string }): Promise<void>;
  /**
   * links by the child's database id, as GitHub requires; `replaceParent` moves a child that has
   * another parent (GitHub refuses a second parent otherwise)
   */
  addSubIssue(parentNumber: number, childId: number, options?: { replaceParent: boolean }): Promise<void>;
  /** unlinks a sub-issue; not linked (any more) counts as done */
  removeSubIssue(parentNumber: number, childId: number): Promise<void>;
  addBlockedBy(issueNumber: number, blockerId: number): Promise<void>;
  removeBlockedBy(issueNumber: number, blockerId: number): Promise<void>;
  /**
   * creates a git ref; `exists` when it already did (GitHub's 422): the atomic claim replicas race for
   * (DESIGN.md "Idempotent by construction")
   */
  createRef(ref: string, sha: string): Promise<"created" | "exists">;
  /** whether a git ref (`refs/…`) exists */
  refExists(ref: string): Promise<boolean>;
  /** deletes a git ref; gone already counts as done */
  deleteRef(ref: string): Promise<void>;
  createComment(issueNumber: number, body: string): Promise<CommentRecord>;
  updateComment(commentId: number, body: string): Promise<CommentRecord>;
  /** deletes a comment; gone already counts as done */
  deleteComment(commentId: number): Promise<void>;
  /** the one comment of Foreman's on the issue whose marker matches: created, updated, or left as is */
  ensureComment(
    issueNumber: number,
    matches: (marker: PlanMarker) => boolean,
    body: string,
  ): Promise<CommentRecord>;
  addCommentReaction(commentId: number, content: ReactionContent): Promise<void>;
  addIssueReaction(issueNumber: number, content: ReactionContent): Promise<void>;
}
