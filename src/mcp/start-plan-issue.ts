import { z } from "zod";
import { CliFailure } from "../cli/cli-failure.ts";
import type { GitHubConnection } from "../cli/connect-github.ts";
import { openPlanOnGitHub } from "../cli/open-plan-on-github.ts";
import type { RepositoryReference } from "../cli/parse-repository-reference.ts";
import { validateCommand } from "../cli/plan-command.ts";
import type { PlanStatus } from "../cli/plan-status-schema.ts";
import { readPlanStatus } from "../cli/read-plan-status.ts";
import { readRepository } from "../cli/read-repository.ts";
import { readRepositoryConfig } from "../cli/read-repository-config.ts";
import { authorizeActor } from "../core/commands/authorize-actor.ts";
import { parsePlan } from "../core/graph/parse-plan.ts";
import { hashPlanText } from "../core/plan/hash-plan-text.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { createOctokitForge } from "../github/create-octokit-forge.ts";
import { identifyTokenUser } from "./identify-token-user.ts";
import { pollUntil } from "./poll-until.ts";
import { runCapturedCommand } from "./run-captured-command.ts";

export type StartedPlan = {
  issue: { number: number; url: string };
  created: boolean;
  /** how the text was put up for approval: the plan label, a `/foreman start|replan` comment, or not again */
  approvedWith: "label" | "start" | "replan" | "none";
  /** what Foreman answered within the wait: started, the text was refused, or nothing yet */
  foreman: "started" | "invalid" | "config-error" | "refused" | "no-answer";
  /** Foreman's comment that says so, when there is one */
  answer: string | null;
  status: PlanStatus | null;
};

/**
 * `start_plan`: checks the markdown exactly as `foreman validate` does (nothing is created when it
 * is invalid), checks that the token's person may start plans (the app's own rule), creates the plan
 * issue or updates an existing one, puts the text up for approval as a writer would (the plan label,
 * or `/foreman start` / `/foreman replan` on a labelled plan), and waits for Foreman's answer.
 */
export async function startPlanIssue(
  connection: GitHubConnection,
  repository: RepositoryReference,
  options: { markdown: string; title?: string; issue?: number; appSlug: string; waitMs: number; cwd: string },
): Promise<StartedPlan> {
  const validity = await runCapturedCommand(validateCommand, ["-"], {
    stdin: options.markdown,
    cwd: options.cwd,
  });
  if (validity.code !== 0) {
    throw new CliFailure(
      `the plan is not valid; nothing was created on GitHub.\n${validity.stderr.replaceAll("<stdin>", "plan")}`,
    );
  }
  const facts = await readRepository(connection, repository);
  const config = (await readRepositoryConfig(connection, repository, facts.default_branch)).result;
  if (!config.ok) {
    throw new CliFailure(
      `${repository.owner}/${repository.repo}'s .github/foreman.yml has problems, so no plan can start there: ${config.problems.map((problem) => `${problem.key || "the file"}: ${problem.message}`).join("; ")}.`,
    );
  }
  const selfLogin = `${options.appSlug}[bot]`;
  const forge = createOctokitForge({ request: connection.request, ...repository, selfLogin });
  const login = await identifyTokenUser(connection, "start_plan");
  const verdict = await authorizeActor(
    { login, type: "User" },
    { selfLogin, allowBots: config.config.allowBots, permission: () => forge.getPermission(login) },
  );
  if (verdict !== "allow") {
    throw new CliFailure(
      `@${login} cannot start plans on ${repository.owner}/${repository.repo}: only people with write access can start a Foreman plan. Nothing was created.`,
    );
  }
  const label = config.config.label;
  const title = options.title?.trim() || parsePlan(options.markdown).title?.trim() || "Plan";
  let issue: { number: number; url: string; labels: string[] };
  let created = false;
  const spec = hashPlanText(options.markdown);
  // The same person starting the same text again (a retried tool call) gets the plan they already have.
  const again =
    options.issue === undefined ? await findSamePlan(connection, repository, login, label, spec) : null;
  if (again) {
    issue = again;
  } else if (options.issue === undefined) {
    const made = await forge.createIssue({ title, body: options.markdown, labels: [] });
    issue = { number: made.number, url: made.url, labels: made.labels };
    created = true;
  } else {
    const existing = await forge.getIssue(options.issue);
    if (!existing || existing.isPullRequest) {
      throw new CliFailure(
        `${repository.owner}/${repository.repo}#${options.issue} is not an issue; nothing was changed.`,
      );
    }
    if (readMarkers(existing.body).some((marker) => marker.kind === "task")) {
      throw new CliFailure(
        `#${options.issue} is one of Foreman's task issues, not a plan; nothing was changed.`,
      );
    }
    const updated = await forge.updateIssue(options.issue, {
      body: options.markdown,
      ...(options.title?.trim() ? { title: options.title.trim() } : {}),
    });
    issue = { number: updated.number, url: updated.url, labels: updated.labels };
  }
  const before = await forge.listOwnComments(issue.number);
  const approved = before.some((comment) =>
    readMarkers(comment.body).some((marker) => marker.kind === "approval" && marker.plan === issue.number),
  );
  const approvedSame = before.some((comment) =>
    readMarkers(comment.body).some(
      (marker) => marker.kind === "approval" && marker.plan === issue.number && marker.spec === spec,
    ),
  );
  const approvedWith =
    approvedSame && issue.labels.includes(label)
      ? "none"
      : !issue.labels.includes(label)
        ? "label"
        : approved
          ? "replan"
          : "start";
  if (approvedWith === "label") await forge.addLabels(issue.number, [label]);
  else if (approvedWith !== "none") await forge.createComment(issue.number, `/foreman ${approvedWith}`);

  const seenBefore = new Set(before.map((comment) => `${comment.id}:${comment.body}`));
  const answer = await pollUntil(async () => {
    const comments = await forge.listOwnComments(issue.number);
    const fresh = comments.filter((comment) => !seenBefore.has(`${comment.id}:${comment.body}`));
    const markers = comments.flatMap((comment) =>
      readMarkers(comment.body).map((marker) => ({ comment, marker })),
    );
    const started =
      markers.some(
        ({ marker }) => marker.kind === "approval" && marker.plan === issue.number && marker.spec === spec,
      ) && markers.find(({ marker }) => marker.kind === "tracking" && marker.plan === issue.number);
    if (started) return { foreman: "started" as const, url: started.comment.url };
    for (const kind of ["invalid", "config-error", "label-refused"] as const) {
      const problem = fresh.find((comment) =>
        readMarkers(comment.body).some((marker) => marker.kind === kind),
      );
      if (problem)
        return { foreman: kind === "label-refused" ? ("refused" as const) : kind, url: problem.url };
    }
    return null;
  }, options.waitMs);
  const status =
    answer?.foreman === "started"
      ? await readPlanStatus(
          await openPlanOnGitHub(connection, { ...repository, number: issue.number }, options.appSlug),
        )
      : null;
  return {
    issue: { number: issue.number, url: issue.url },
    created,
    approvedWith,
    foreman: answer?.foreman ?? "no-answer",
    answer: answer?.url ?? null,
    status,
  };
}

const openIssuesSchema = z.array(
  z.object({
    number: z.number(),
    html_url: z.string(),
    body: z.string().nullable().optional(),
    pull_request: z.unknown().optional(),
    labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() })])),
  }),
);

/** An open plan issue this person opened with exactly this text (by its pinned-spec hash), if any. */
async function findSamePlan(
  connection: GitHubConnection,
  repository: RepositoryReference,
  login: string,
  label: string,
  spec: string,
): Promise<{ number: number; url: string; labels: string[] } | null> {
  const { data } = await connection.request("GET /repos/{owner}/{repo}/issues", {
    ...repository,
    creator: login,
    labels: label,
    state: "open",
    per_page: 100,
  });
  const same = openIssuesSchema
    .parse(data)
    .find((candidate) => candidate.pull_request === undefined && hashPlanText(candidate.body ?? "") === spec);
  if (!same) return null;
  const labels = same.labels.flatMap((item) =>
    typeof item === "string" ? [item] : item.name ? [item.name] : [],
  );
  return { number: same.number, url: same.html_url, labels };
}
