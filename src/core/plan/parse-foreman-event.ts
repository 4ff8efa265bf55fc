import { z } from "zod";
import { readRunName } from "../engine/read-run-name.ts";
import type { EventIssue, ForemanEvent } from "./foreman-event.ts";

const actorSchema = z.object({ login: z.string(), type: z.string().optional() });
const issueSchema = z.object({
  number: z.number(),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() }).nullable()])).optional(),
  user: actorSchema.nullish(),
  pull_request: z.unknown().optional(),
  issue_dependencies_summary: z.object({ total_blocking: z.number() }).optional(),
});
const issuesSchema = z.object({
  action: z.string(),
  issue: issueSchema,
  sender: actorSchema,
  label: z.object({ name: z.string() }).optional(),
});
const commentSchema = z.object({
  action: z.string(),
  issue: issueSchema,
  comment: z.object({ id: z.number(), body: z.string().nullish(), user: actorSchema.nullish() }),
});
const headSchema = z.object({ head: z.object({ ref: z.string() }) });
const pullSchema = z.object({ pull_request: headSchema });
const checkRunSchema = z.object({
  check_run: z.object({
    check_suite: z.object({ head_branch: z.string().nullish() }).nullish(),
    pull_requests: z.array(headSchema).optional(),
  }),
});
const checkActionSchema = z.object({
  action: z.literal("requested_action"),
  requested_action: z.object({ identifier: z.string() }),
  sender: actorSchema,
  check_run: z.object({
    id: z.number(),
    name: z.string(),
    check_suite: z.object({ head_branch: z.string().nullish() }).nullish(),
    pull_requests: z.array(z.object({ number: z.number(), head: z.object({ ref: z.string() }) })).optional(),
  }),
});
const mergeGroupSchema = z.object({
  action: z.literal("checks_requested"),
  merge_group: z.object({ head_ref: z.string() }),
});
/** `refs/heads/gh-readonly-queue/<base>/pr-<number>-<sha>`: the merge queue's branch for one pull request */
const MERGE_GROUP_REF = /\/pr-(\d+)-[0-9a-f]+$/;
const checkSuiteSchema = z.object({
  check_suite: z.object({ head_branch: z.string().nullish(), pull_requests: z.array(headSchema).optional() }),
});
const workflowRunSchema = z.object({
  workflow_run: z.object({ head_branch: z.string().nullish(), display_title: z.string().nullish() }),
});
const statusSchema = z.object({ branches: z.array(z.object({ name: z.string() })) });

const ISSUE_ACTIONS = ["opened", "edited", "closed", "reopened", "labeled", "unlabeled"] as const;

/** A webhook (event name and payload) as the one union the routing reads; unknown shapes are `other`. */
export function parseForemanEvent(name: string, payload: unknown): ForemanEvent {
  switch (name) {
    case "issues": {
      const parsed = issuesSchema.safeParse(payload);
      if (!parsed.success) return { kind: "other", name };
      const { action, issue, sender, label } = parsed.data;
      return {
        kind: "issue",
        action: ISSUE_ACTIONS.find((known) => known === action) ?? "other",
        issue: eventIssue(issue),
        sender: actor(sender),
        label: label?.name ?? null,
      };
    }
    case "issue_comment": {
      const parsed = commentSchema.safeParse(payload);
      const user = parsed.data?.comment.user;
      if (!parsed.success || parsed.data.action !== "created" || !user) return { kind: "other", name };
      const { comment, issue } = parsed.data;
      return {
        kind: "comment",
        comment: { id: comment.id, body: comment.body ?? "", author: actor(user) },
        issue: eventIssue(issue),
      };
    }
    case "pull_request":
    case "pull_request_review":
      return branches(name, pullSchema.safeParse(payload).data?.pull_request.head.ref);
    case "check_run": {
      const pressed = checkActionSchema.safeParse(payload);
      if (pressed.success) {
        const { check_run: run, requested_action: requested, sender } = pressed.data;
        const pulls = run.pull_requests ?? [];
        const heads = [run.check_suite?.head_branch, ...pulls.map((pull) => pull.head.ref)];
        return {
          kind: "check-action",
          identifier: requested.identifier,
          sender: actor(sender),
          checkRun: {
            id: run.id,
            name: run.name,
            branches: [...new Set(heads.filter((head): head is string => !!head))],
            pullNumbers: pulls.map((pull) => pull.number),
          },
        };
      }
      const run = checkRunSchema.safeParse(payload).data?.check_run;
      return branches(
        name,
        run?.check_suite?.head_branch,
        ...(run?.pull_requests ?? []).map((pull) => pull.head.ref),
      );
    }
    case "check_suite": {
      const suite = checkSuiteSchema.safeParse(payload).data?.check_suite;
      return branches(name, suite?.head_branch, ...(suite?.pull_requests ?? []).map((pull) => pull.head.ref));
    }
    case "workflow_run": {
      // The task workflow runs on the base branch; its title names the plan and task (`formatRunName`).
      const run = workflowRunSchema.safeParse(payload).data?.workflow_run;
      const named = readRunName(run?.display_title ?? "");
      return branches(name, run?.head_branch, named ? `foreman/${named.plan}/${named.task}` : null);
    }
    case "merge_group": {
      const group = mergeGroupSchema.safeParse(payload).data?.merge_group;
      const pull = Number(MERGE_GROUP_REF.exec(group?.head_ref ?? "")?.[1] ?? 0);
      return pull > 0 ? { kind: "merge-group", pullNumbers: [pull] } : { kind: "other", name };
    }
    case "status":
      return branches(
        name,
        ...(statusSchema.safeParse(payload).data?.branches ?? []).map((branch) => branch.name),
      );
    default:
      return { kind: "other", name };
  }
}

function branches(source: string, ...names: Array<string | null | undefined>): ForemanEvent {
  return { kind: "branches", source, branches: [...new Set(names.filter((item): item is string => !!item))] };
}

function actor(user: z.infer<typeof actorSchema>) {
  return { login: user.login, type: user.type ?? "User" };
}

function eventIssue(issue: z.infer<typeof issueSchema>): EventIssue {
  return {
    number: issue.number,
    body: issue.body ?? "",
    labels: (issue.labels ?? []).flatMap((label) =>
      typeof label === "string" ? [label] : label?.name ? [label.name] : [],
    ),
    author: issue.user?.login ?? "ghost",
    isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    blocking: issue.issue_dependencies_summary?.total_blocking ?? null,
  };
}
