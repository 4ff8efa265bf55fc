import type { RequiredChecksFact, TaskFacts } from "./task-facts.ts";

/**
 * The ground truth of one plan as read from GitHub, in plain data. The Forge's snapshot loader fills
 * it; the pure reconcile reads it; nothing else holds plan state.
 */

export type IssueRecord = {
  /** database id: what sub-issue and blocked-by links are made of */
  id: number;
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  labels: string[];
  author: string;
  url: string;
  createdAt: string;
  /** when anything about the issue last changed (its text, labels, state, a comment) */
  updatedAt: string;
  isPullRequest: boolean;
  /** how many issues block this one, when GitHub says (`issue_dependencies_summary`) */
  blockedByCount: number | null;
  /** the issue this one is a sub-issue of, when GitHub says (`parent_issue_url`) */
  parentNumber: number | null;
};

/** One of the plan's phase issues (marker `foreman:phase`), with the numbers of its sub-issues. */
export type PhaseRecord = { issue: IssueRecord; subIssues: number[] };

export type CommentRecord = {
  id: number;
  body: string;
  author: string;
  url: string;
};

export type PlanSnapshot = {
  plan: IssueRecord;
  /** comments on the plan written by Foreman itself (others cannot forge a marker) */
  comments: CommentRecord[];
  /** issues labelled `foreman:task` whose marker names this plan, and issues the plan adopts */
  issues: IssueRecord[];
  /**
   * issues outside the plan that its tasks wait for (`Depends on: #99`), or that Foreman linked as
   * blockers earlier (the task marker's `external` list), as read now: a closed one no longer blocks
   */
  externalIssues: IssueRecord[];
  /** issue numbers the plan adopts (`- [ ] #123`) or waits for (`Depends on: #99`) that do not exist */
  missingIssues: number[];
  /** numbers of the plan's sub-issues */
  subIssues: number[];
  /** issues labelled `foreman:phase` whose marker names this plan, each with its sub-issues */
  phases: PhaseRecord[];
  /** issue number → numbers of the issues blocking it, for every issue in `issues` */
  blockedBy: Record<number, number[]>;
  /** names of the repository's labels */
  repoLabels: string[];
  /** task id → what GitHub shows on the task's branch `foreman/<plan>/<task>`; absent: nothing yet */
  tasks: Record<string, TaskFacts>;
  /** the base branch's required checks, read while some task has an open pull request */
  requiredChecks: RequiredChecksFact;
};
