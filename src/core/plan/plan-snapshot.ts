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
  isPullRequest: boolean;
  /** how many issues block this one, when GitHub says (`issue_dependencies_summary`) */
  blockedByCount: number | null;
  /** the issue this one is a sub-issue of, when GitHub says (`parent_issue_url`) */
  parentNumber: number | null;
};

export type CommentRecord = {
  id: number;
  body: string;
  author: string;
  url: string;
};

export type PullRecord = {
  number: number;
  url: string;
  branch: string;
  state: "open" | "closed";
  merged: boolean;
  headSha: string;
};

/** Combined conclusion of the check runs on a PR's head commit. */
export type ChecksSummary = "pending" | "success" | "failure";

/** What GitHub shows about a task's attempts: workflow runs and the PR on its branch. */
export type TaskRuntime = {
  attempts: number;
  running: boolean;
  pr: PullRecord | null;
  checks: ChecksSummary | null;
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
  /** issue number → numbers of the issues blocking it, for every issue in `issues` */
  blockedBy: Record<number, number[]>;
  /** names of the repository's labels */
  repoLabels: string[];
  /** task id → runtime facts; absent means no attempt yet */
  runtime: Record<string, TaskRuntime>;
};
