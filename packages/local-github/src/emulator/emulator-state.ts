import { z } from "zod";

/** Login of the emulator's administrator, owner (or admin collaborator) of every seeded repository. */
export const ADMIN_LOGIN = "octo-admin";

/**
 * Everything the emulator knows, as plain JSON so it can be persisted to `dataDir` and read back with the same
 * schema (the persisted file is a boundary like any other). Git objects live in the bare repositories, not here.
 */

export const permissionSchema = z.enum(["read", "triage", "write", "maintain", "admin"]);
export type Permission = z.infer<typeof permissionSchema>;

const accountSchema = z.object({
  id: z.number(),
  login: z.string(),
  type: z.enum(["User", "Bot", "Organization"]),
  createdAt: z.string(),
});
export type AccountRecord = z.infer<typeof accountSchema>;

const tokenSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), login: z.string() }),
  z.object({ kind: z.literal("installation"), installationId: z.number(), expiresAt: z.string() }),
]);
export type TokenRecord = z.infer<typeof tokenSchema>;

const appSchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  ownerLogin: z.string(),
  publicKeyPem: z.string(),
  webhookUrl: z.string(),
  webhookSecret: z.string(),
  /** more webhook URLs behind the same registration: the app's replicas (absent in older state files) */
  replicaUrls: z.array(z.string()).default([]),
  events: z.array(z.string()),
  hookId: z.number(),
  createdAt: z.string(),
});
export type AppRecord = z.infer<typeof appSchema>;

const installationSchema = z.object({
  id: z.number(),
  appId: z.number(),
  accountLogin: z.string(),
  createdAt: z.string(),
});
export type InstallationRecord = z.infer<typeof installationSchema>;

export const reactionContentSchema = z.enum([
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
]);
const reactionSchema = z.object({
  id: z.number(),
  content: reactionContentSchema,
  userLogin: z.string(),
  createdAt: z.string(),
});
export type ReactionRecord = z.infer<typeof reactionSchema>;

const labelSchema = z.object({
  id: z.number(),
  name: z.string(),
  color: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
});
export type LabelRecord = z.infer<typeof labelSchema>;

const pullSchema = z.object({
  id: z.number(),
  headRef: z.string(),
  headSha: z.string(),
  baseRef: z.string(),
  draft: z.boolean(),
  merged: z.boolean(),
  mergedAt: z.string().nullable(),
  mergedByLogin: z.string().nullable(),
  mergeCommitSha: z.string().nullable(),
  maintainerCanModify: z.boolean(),
  /** what the pull request contained when it merged; afterwards git can no longer tell */
  mergedStats: z
    .object({
      baseSha: z.string(),
      commits: z.number(),
      additions: z.number(),
      deletions: z.number(),
      changedFiles: z.number(),
    })
    .nullable(),
});
export type PullRecord = z.infer<typeof pullSchema>;

const issueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullable(),
  state: z.enum(["open", "closed"]),
  stateReason: z.enum(["completed", "not_planned", "reopened", "duplicate"]).nullable(),
  authorLogin: z.string(),
  labels: z.array(z.string()),
  assignees: z.array(z.string()),
  locked: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  closedByLogin: z.string().nullable(),
  /** database ids of sub-issues, in priority order */
  subIssueIds: z.array(z.number()),
  parentId: z.number().nullable(),
  /** database ids of the issues blocking this one */
  blockedByIds: z.array(z.number()),
  reactions: z.array(reactionSchema),
  pull: pullSchema.nullable(),
});
export type IssueRecord = z.infer<typeof issueSchema>;

const commentSchema = z.object({
  id: z.number(),
  issueNumber: z.number(),
  body: z.string(),
  authorLogin: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  reactions: z.array(reactionSchema),
});
export type CommentRecord = z.infer<typeof commentSchema>;

/** What `GET …/issues/{n}/events` lists: who changed an issue's labels, state or title, and when. */
const issueEventSchema = z.object({
  id: z.number(),
  issueNumber: z.number(),
  event: z.enum(["labeled", "unlabeled", "closed", "reopened", "renamed"]),
  actorLogin: z.string(),
  createdAt: z.string(),
  label: z.string().nullable(),
  stateReason: z.string().nullable(),
  rename: z.object({ from: z.string(), to: z.string() }).nullable(),
});
export type IssueEventRecord = z.infer<typeof issueEventSchema>;

const reviewSchema = z.object({
  id: z.number(),
  pullNumber: z.number(),
  authorLogin: z.string(),
  body: z.string(),
  state: z.enum(["PENDING", "APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]),
  commitId: z.string(),
  submittedAt: z.string().nullable(),
});
export type ReviewRecord = z.infer<typeof reviewSchema>;

const reviewCommentSchema = z.object({
  id: z.number(),
  pullNumber: z.number(),
  reviewId: z.number().nullable(),
  authorLogin: z.string(),
  body: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  side: z.enum(["LEFT", "RIGHT"]),
  commitId: z.string(),
  inReplyToId: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReviewCommentRecord = z.infer<typeof reviewCommentSchema>;

const checkStatusSchema = z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
export const checkConclusionSchema = z.enum([
  "success",
  "failure",
  "neutral",
  "cancelled",
  "skipped",
  "timed_out",
  "action_required",
]);
export type CheckConclusion = z.infer<typeof checkConclusionSchema>;

const checkSuiteSchema = z.object({
  id: z.number(),
  appId: z.number().nullable(),
  headSha: z.string(),
  headBranch: z.string().nullable(),
  /** sha the branch pointed at before the push that created the suite */
  before: z.string().nullable(),
  status: checkStatusSchema,
  conclusion: checkConclusionSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CheckSuiteRecord = z.infer<typeof checkSuiteSchema>;

const checkAnnotationSchema = z.object({
  path: z.string(),
  startLine: z.number(),
  endLine: z.number(),
  startColumn: z.number().nullable(),
  endColumn: z.number().nullable(),
  level: z.enum(["notice", "warning", "failure"]),
  title: z.string().nullable(),
  message: z.string(),
  rawDetails: z.string().nullable(),
});
export type CheckAnnotationRecord = z.infer<typeof checkAnnotationSchema>;

const checkActionSchema = z.object({ label: z.string(), description: z.string(), identifier: z.string() });
export type CheckActionRecord = z.infer<typeof checkActionSchema>;

const checkRunSchema = z.object({
  id: z.number(),
  suiteId: z.number(),
  appId: z.number().nullable(),
  name: z.string(),
  headSha: z.string(),
  status: checkStatusSchema,
  conclusion: checkConclusionSchema.nullable(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  detailsUrl: z.string().nullable(),
  externalId: z.string().nullable(),
  output: z.object({
    title: z.string().nullable(),
    summary: z.string().nullable(),
    text: z.string().nullable(),
  }),
  /** appended by every create and update, as GitHub keeps them (absent in older state files) */
  annotations: z.array(checkAnnotationSchema).default([]),
  /** the `requested_action` buttons the app last set */
  actions: z.array(checkActionSchema).default([]),
});
export type CheckRunRecord = z.infer<typeof checkRunSchema>;

const commitStatusSchema = z.object({
  id: z.number(),
  sha: z.string(),
  state: z.enum(["error", "failure", "pending", "success"]),
  context: z.string(),
  description: z.string().nullable(),
  targetUrl: z.string().nullable(),
  creatorLogin: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CommitStatusRecord = z.infer<typeof commitStatusSchema>;

const workflowSchema = z.object({
  id: z.number(),
  path: z.string(),
  name: z.string(),
  createdAt: z.string(),
});
export type WorkflowRecord = z.infer<typeof workflowSchema>;

const runStatusSchema = z.enum(["queued", "in_progress", "completed"]);
/** `skipped`: a job whose `needs` did not all succeed */
const runConclusionSchema = z.enum(["success", "failure", "cancelled", "skipped"]);

const workflowRunSchema = z.object({
  id: z.number(),
  workflowId: z.number(),
  /** id GitHub gives the run's check suite; the emulator keeps no check suite for workflow runs */
  checkSuiteId: z.number(),
  runNumber: z.number(),
  name: z.string(),
  displayTitle: z.string(),
  headBranch: z.string(),
  headSha: z.string(),
  event: z.string(),
  status: runStatusSchema,
  conclusion: runConclusionSchema.nullable(),
  actorLogin: z.string(),
  inputs: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  runStartedAt: z.string(),
  /** 1, then one more per re-run (absent in older state files) */
  runAttempt: z.number().default(1),
  /** the full ref the run was started on (e.g. refs/heads/main); null in older state files */
  ref: z.string().nullable().default(null),
  /** the event payload the run's jobs saw, so a re-run sees the same one */
  eventPayload: z.record(z.string(), z.unknown()).default({}),
});
export type WorkflowRunRecord = z.infer<typeof workflowRunSchema>;

const workflowJobSchema = z.object({
  id: z.number(),
  runId: z.number(),
  name: z.string(),
  status: runStatusSchema,
  conclusion: runConclusionSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  outputs: z.record(z.string(), z.string()),
  summary: z.string(),
  log: z.string(),
  /** the run attempt the job belongs to (absent in older state files) */
  runAttempt: z.number().default(1),
  /** the workflow file's job id, so a re-run runs the same job (null for the programmatic hook's job) */
  jobKey: z.string().nullable().default(null),
});
export type WorkflowJobRecord = z.infer<typeof workflowJobSchema>;

const mergeRequestSchema = z.object({
  uuid: z.string(),
  pullNumber: z.number(),
  method: z.enum(["merge", "squash", "rebase"]),
  action: z.enum(["default", "direct_merge", "merge_queue"]),
  expectedHeadSha: z.string(),
  /** `pending`: a direct merge not done yet; `enqueued`: in the merge queue; then merged or failed */
  status: z.enum(["pending", "enqueued", "merged", "failed"]),
  message: z.string(),
  sha: z.string().nullable(),
  /** who asked: the merge is theirs (merged_by), as when GitHub's queue merges */
  actor: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("user"), login: z.string() }),
    z.object({
      kind: z.literal("installation"),
      login: z.string(),
      installationId: z.number(),
      appId: z.number(),
    }),
  ]),
  /** the merge group's branch and commit while the queue tests it */
  groupRef: z.string().nullable(),
  groupSha: z.string().nullable(),
  groupBaseSha: z.string().nullable(),
  createdAt: z.string(),
});
export type MergeRequestRecord = z.infer<typeof mergeRequestSchema>;

const repositorySchema = z.object({
  id: z.number(),
  owner: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  gitDir: z.string(),
  defaultBranch: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  pushedAt: z.string(),
  collaborators: z.record(z.string(), permissionSchema),
  /** branch → contexts that must be green before merging (classic protection and the ruleset both report these) */
  requiredStatusChecks: z.record(z.string(), z.array(z.string())),
  /** branches whose rules require a merge queue (see the emulator's enableMergeQueue) */
  mergeQueueBranches: z.array(z.string()).default([]),
  /** pull requests waiting in or being merged by a merge queue, and `merge-async` requests */
  mergeRequests: z.array(mergeRequestSchema).default([]),
  nextIssueNumber: z.number(),
  issues: z.array(issueSchema),
  comments: z.array(commentSchema),
  /** absent in older state files */
  issueEvents: z.array(issueEventSchema).default([]),
  labels: z.array(labelSchema),
  reviews: z.array(reviewSchema),
  reviewComments: z.array(reviewCommentSchema),
  checkSuites: z.array(checkSuiteSchema),
  checkRuns: z.array(checkRunSchema),
  statuses: z.array(commitStatusSchema),
  workflows: z.array(workflowSchema),
  workflowRuns: z.array(workflowRunSchema),
  workflowJobs: z.array(workflowJobSchema),
});
export type RepositoryRecord = z.infer<typeof repositorySchema>;

export const emulatorStateSchema = z.object({
  version: z.literal(1),
  nextId: z.number(),
  adminToken: z.string(),
  accounts: z.record(z.string(), accountSchema),
  tokens: z.record(z.string(), tokenSchema),
  apps: z.array(appSchema),
  installations: z.array(installationSchema),
  repositories: z.record(z.string(), repositorySchema),
});
export type EmulatorState = z.infer<typeof emulatorStateSchema>;
