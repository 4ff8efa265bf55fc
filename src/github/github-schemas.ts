import { z } from "zod";

/**
 * The parts of GitHub's REST responses Foreman relies on, checked at the boundary: a missing field
 * fails loudly here instead of as `undefined` deep in the reconcile. Unknown fields pass through.
 */
const userSchema = z.object({ login: z.string(), type: z.string().optional() });

export const issueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]),
  state_reason: z.enum(["completed", "not_planned", "reopened", "duplicate"]).nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() })])),
  user: userSchema.nullable(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  pull_request: z.unknown().optional(),
  issue_dependencies_summary: z.object({ total_blocked_by: z.number() }).optional(),
  parent_issue_url: z.string().nullable().optional(),
});
export type IssueResponse = z.infer<typeof issueSchema>;

export const commentSchema = z.object({
  id: z.number(),
  body: z.string().nullable().optional(),
  user: userSchema.nullable(),
  html_url: z.string(),
});
export type CommentResponse = z.infer<typeof commentSchema>;

export const pullSchema = z.object({
  number: z.number(),
  html_url: z.string(),
  state: z.enum(["open", "closed"]),
  draft: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  mergeable_state: z.string().nullable().optional(),
  created_at: z.string(),
  head: z.object({ ref: z.string(), sha: z.string() }),
  base: z.object({ ref: z.string(), sha: z.string() }),
});
export type PullResponse = z.infer<typeof pullSchema>;

const runStatus = z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
const runConclusion = z.enum([
  "success",
  "failure",
  "neutral",
  "cancelled",
  "skipped",
  "timed_out",
  "action_required",
  "stale",
  "startup_failure",
]);

export const labelSchema = z.object({ name: z.string() });

/** `GET …/issues/{n}/events`: only label events are read; the others pass with what every event has. */
export const issueEventSchema = z.object({
  event: z.string(),
  actor: userSchema.nullable(),
  created_at: z.string(),
  label: z.object({ name: z.string() }).optional(),
});

export const permissionSchema = z.object({
  permission: z.string(),
  role_name: z.string().optional(),
});

export const workflowRunsSchema = z.object({
  total_count: z.number().optional(),
  workflow_runs: z.array(
    z.object({
      id: z.number(),
      head_branch: z.string().nullable(),
      event: z.string(),
      status: runStatus.nullable(),
      conclusion: runConclusion.nullable(),
      run_attempt: z.number().optional(),
      display_title: z.string().optional(),
      html_url: z.string(),
      created_at: z.string(),
      updated_at: z.string(),
      run_started_at: z.string().nullable().optional(),
    }),
  ),
});

export const checkRunsSchema = z.object({
  total_count: z.number(),
  check_runs: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      head_sha: z.string(),
      status: runStatus,
      conclusion: runConclusion.nullable(),
      html_url: z.string().nullable().optional(),
      details_url: z.string().nullable().optional(),
      started_at: z.string().nullable().optional(),
      completed_at: z.string().nullable().optional(),
      app: z.object({ id: z.number() }).nullable().optional(),
      output: z
        .object({ title: z.string().nullable().optional(), summary: z.string().nullable().optional() })
        .optional(),
    }),
  ),
});

export const commitStatusSchema = z.object({
  context: z.string(),
  state: z.enum(["error", "failure", "pending", "success"]),
  target_url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  updated_at: z.string(),
});

export const reviewSchema = z.object({
  id: z.number(),
  user: userSchema.nullable(),
  state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]),
  commit_id: z.string().nullable().optional(),
  submitted_at: z.string().nullable().optional(),
  body: z.string().nullable().optional(),
});

export const gitRefSchema = z.object({ ref: z.string(), object: z.object({ sha: z.string() }) });

/** `GET /repos/{o}/{r}/rules/branches/{b}`: only the rule types Foreman reads are checked. */
export const branchRulesSchema = z.array(
  z.object({
    type: z.string(),
    parameters: z
      .object({
        strict_required_status_checks_policy: z.boolean().optional(),
        required_status_checks: z
          .array(z.object({ context: z.string(), integration_id: z.number().nullable().optional() }))
          .optional(),
      })
      .optional(),
  }),
);

/** `GET /repos/{o}/{r}/branches/{b}`: classic protection's required checks, readable without admin rights. */
export const branchSchema = z.object({
  commit: z.object({ sha: z.string() }),
  protected: z.boolean().optional(),
  protection: z
    .object({
      required_status_checks: z
        .object({
          strict: z.boolean().optional(),
          contexts: z.array(z.string()).optional(),
          checks: z
            .array(z.object({ context: z.string(), app_id: z.number().nullable().optional() }))
            .optional(),
        })
        .nullable()
        .optional(),
    })
    .optional(),
});

export const repositorySchema = z.object({ default_branch: z.string(), html_url: z.string() });

export const appSchema = z.object({ slug: z.string() });

export const contentEntrySchema = z.object({ path: z.string(), type: z.string() });

export const fileContentSchema = z.object({
  type: z.literal("file"),
  encoding: z.string(),
  content: z.string(),
});
