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
  merged_at: z.string().nullable().optional(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});
export type PullResponse = z.infer<typeof pullSchema>;

export const labelSchema = z.object({ name: z.string() });

export const permissionSchema = z.object({
  permission: z.string(),
  role_name: z.string().optional(),
});

export const workflowRunsSchema = z.object({
  workflow_runs: z.array(
    z.object({
      id: z.number(),
      head_branch: z.string().nullable(),
      status: z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]).nullable(),
      conclusion: z.string().nullable(),
    }),
  ),
});

export const checkRunsSchema = z.object({
  check_runs: z.array(z.object({ name: z.string(), status: z.string(), conclusion: z.string().nullable() })),
});

export const appSchema = z.object({ slug: z.string() });

export const contentEntrySchema = z.object({ path: z.string(), type: z.string() });

export const fileContentSchema = z.object({
  type: z.literal("file"),
  encoding: z.string(),
  content: z.string(),
});
