import type { EmulatorStats } from "@foreman/local-github";
import type { Octokit } from "@octokit/rest";
import { readRunName } from "../../core/engine/read-run-name.ts";
import { TASK_STATES } from "../../core/graph/task-state.ts";
import { readFooterMarker } from "../../core/plan/read-footer-marker.ts";
import { readMarkers } from "../../core/plan/read-markers.ts";
import { readTaskMarker } from "../../core/plan/read-task-marker.ts";
import { TASK_WORKFLOW_PATH } from "./install-simulation-repository.ts";

/** One attempt of a task as GitHub shows it: its workflow run, and the feedback it got. */
export type SimulatedAttempt = {
  n: number;
  run: number | null;
  /** when Foreman recorded the dispatch on the child issue */
  dispatchedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  conclusion: string | null;
  /** Foreman's feedback comment on this attempt (what the next attempt was told), if any */
  feedback: { url: string; headline: string } | null;
};

export type SimulatedTask = {
  id: string;
  issue: number;
  state: string;
  attempts: SimulatedAttempt[];
  pr: number | null;
  merged: boolean;
  mergedAt: string | null;
  mergeSha: string | null;
  /** the base branch's required checks and their conclusions on the head that merged */
  verifiedBy: Array<{ check: string; conclusion: string | null }>;
  /** dollars and tokens the task's attempts reported */
  cost: { usd: number; tokens: number };
};

export type SimulationSummary = {
  plan: number;
  tasks: SimulatedTask[];
  /** what every attempt together reported spending */
  budget: { usd: number; tokens: number };
  links: {
    /** the plan's own sub-issues: its tasks', or its phase issues and the tasks outside any phase */
    subIssues: number;
    /** the phase issues under the plan, each with its task issues' ids; none when tasks are under the plan */
    phases: Array<{ phase: string; issue: number; title: string; tasks: string[] }>;
    /** [task, blocker]: a blocker is a task id, `#N` for another issue, `phase:<key>` for a phase issue */
    blockedBy: Array<[taskId: string, blockerId: string]>;
  };
  requests: { total: number; reads: number; writes: number; byOperation: Record<string, number> };
  webhooks: { delivered: number; duplicated: number; dropped: number };
  duplicates: { issues: number; dispatches: number };
  /** Foreman's comments on the plan, by kind (its footer marker) */
  comments: Record<string, number>;
  /** the problems Foreman listed in its invalid-plan comment, one line each; empty when none */
  problems: string[];
};

/**
 * The result of a simulation as GitHub (the emulator) holds it, read back through the REST API (with
 * the admin token), independently of the app's own code paths: the plan's sub-issues (and those of its
 * phase issues) and their markers, blocked-by links, labels, workflow runs and pull requests. `stats` are the emulator's
 * counters taken before this read-back, so its own requests are not counted.
 */
export async function readSimulationSummary(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  planNumber: number,
  stats: EmulatorStats,
  taskOrder: readonly string[],
): Promise<SimulationSummary> {
  const taskIdOf = (body: string | null | undefined) => {
    const marker = readTaskMarker(body ?? "", planNumber);
    return marker ? marker.task : undefined;
  };

  const allIssues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: "all",
    per_page: 100,
  });
  const phaseOf = (body: string | null | undefined) => {
    const marker = readFooterMarker(body ?? "");
    return marker?.kind === "phase" && marker.plan === planNumber ? marker.phase : undefined;
  };
  const marked = allIssues.filter((issue) => !issue.pull_request && taskIdOf(issue.body) !== undefined);
  const markedPhases = allIssues.filter((issue) => !issue.pull_request && phaseOf(issue.body) !== undefined);
  const subIssuesOf = (number: number) =>
    octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      ...repo,
      issue_number: number,
      per_page: 100,
    });
  const planSubIssues = await subIssuesOf(planNumber);
  const phaseIssues = planSubIssues.filter((issue) => phaseOf(issue.body) !== undefined);
  const phaseChildren = await Promise.all(phaseIssues.map((issue) => subIssuesOf(issue.number)));
  const subIssues = [
    ...planSubIssues.filter((issue) => phaseOf(issue.body) === undefined),
    ...phaseChildren.flat(),
  ];
  // The task workflow's runs only: in Actions-only mode, runs of foreman.yml that a task run started
  // carry its title too.
  const runs = (
    await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { ...repo, per_page: 100 })
  ).filter((run) => run.path === TASK_WORKFLOW_PATH);
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "all", per_page: 100 });

  const position = (id: string) => {
    const index = taskOrder.indexOf(id);
    return index === -1 ? taskOrder.length : index;
  };
  const children = subIssues
    .map((issue) => ({ issue, id: taskIdOf(issue.body) ?? `#${issue.number}` }))
    .sort((a, b) => position(a.id) - position(b.id) || a.issue.number - b.issue.number);
  const idByNumber = new Map(
    marked.map((issue) => [issue.number, taskIdOf(issue.body) ?? `#${issue.number}`]),
  );
  for (const { issue, id } of children) idByNumber.set(issue.number, id);
  for (const issue of markedPhases) idByNumber.set(issue.number, `phase:${phaseOf(issue.body)}`);
  const phases = phaseIssues.map((issue, index) => ({
    phase: phaseOf(issue.body) ?? "",
    issue: issue.number,
    title: issue.title,
    tasks: (phaseChildren[index] ?? []).map((child) => idByNumber.get(child.number) ?? `#${child.number}`),
  }));

  const required = await readRequiredChecks(octokit, repo);
  const tasks: SimulatedTask[] = [];
  for (const { issue, id } of children) {
    const branch = `foreman/${planNumber}/${id}`;
    const labels = issue.labels.map((label) => (typeof label === "string" ? label : (label.name ?? "")));
    const state = TASK_STATES.find((candidate) => labels.includes(`foreman:${candidate}`)) ?? "unlabelled";
    const branchPulls = pulls.filter((candidate) => candidate.head.ref === branch);
    const pull =
      branchPulls.find((candidate) => candidate.merged_at) ??
      branchPulls.sort((a, b) => b.number - a.number)[0];
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    });
    const records = comments.flatMap((comment) =>
      comment.user?.type === "Bot"
        ? readMarkers(comment.body ?? "")
            .filter((marker) => "task" in marker && marker.plan === planNumber && marker.task === id)
            .map((marker) => ({ marker, comment }))
        : [],
    );
    const taskRuns = runs.filter((run) => {
      const name = readRunName(run.display_title ?? "");
      return name !== null && name.plan === planNumber && name.task === id;
    });
    const attemptNumbers = new Set<number>();
    for (const run of taskRuns) attemptNumbers.add(readRunName(run.display_title ?? "")?.attempt ?? 0);
    for (const { marker } of records) if ("attempt" in marker) attemptNumbers.add(marker.attempt);
    attemptNumbers.delete(0);
    const attempts = [...attemptNumbers]
      .sort((a, b) => a - b)
      .map((n): SimulatedAttempt => {
        const run = taskRuns
          .filter((candidate) => readRunName(candidate.display_title ?? "")?.attempt === n)
          .sort((a, b) => b.id - a.id)[0];
        const dispatch = records.find(({ marker }) => marker.kind === "dispatch" && marker.attempt === n);
        const feedback = records.find(({ marker }) => marker.kind === "feedback" && marker.attempt === n);
        return {
          n,
          run: run?.id ?? null,
          dispatchedAt: dispatch?.comment.created_at ?? null,
          startedAt: run?.run_started_at ?? null,
          finishedAt: run?.status === "completed" ? run.updated_at : null,
          conclusion: run?.conclusion ?? null,
          feedback: feedback
            ? { url: feedback.comment.html_url, headline: headlineOf(feedback.comment.body ?? "") }
            : null,
        };
      });
    const cost = { usd: 0, tokens: 0 };
    for (const { marker } of records) {
      if (marker.kind !== "attempt") continue;
      cost.usd += marker.cost ?? 0;
      cost.tokens += (marker.input ?? 0) + (marker.output ?? 0);
    }
    const merged = Boolean(pull?.merged_at);
    tasks.push({
      id,
      issue: issue.number,
      state,
      attempts,
      pr: pull?.number ?? null,
      merged,
      mergedAt: pull?.merged_at ?? null,
      mergeSha: merged ? (pull?.merge_commit_sha ?? null) : null,
      verifiedBy: merged && pull ? await readVerifiedBy(octokit, repo, pull.head.sha, required) : [],
      cost: { usd: Number(cost.usd.toFixed(6)), tokens: cost.tokens },
    });
  }

  const blockedBy: Array<[string, string]> = [];
  for (const { issue, id } of children) {
    const blockers = await octokit.paginate(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
      {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
      },
    );
    for (const blocker of blockers)
      blockedBy.push([id, idByNumber.get(blocker.number) ?? `#${blocker.number}`]);
  }
  blockedBy.sort((a, b) => position(a[0]) - position(b[0]) || position(a[1]) - position(b[1]));

  const planComments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: planNumber,
    per_page: 100,
  });
  const comments: Record<string, number> = {};
  let problems: string[] = [];
  for (const comment of planComments) {
    const marker = readFooterMarker(comment.body ?? "");
    if (!marker || comment.user?.type !== "Bot") continue;
    comments[marker.kind] = (comments[marker.kind] ?? 0) + 1;
    if (marker.kind === "invalid")
      problems = (comment.body ?? "").split("\n").filter((line) => line.startsWith("- **line "));
  }

  const distinctTasks = new Set(marked.map((issue) => taskIdOf(issue.body)));
  const distinctPhases = new Set(markedPhases.map((issue) => phaseOf(issue.body)));
  return {
    plan: planNumber,
    tasks,
    budget: {
      usd: Number(tasks.reduce((total, task) => total + task.cost.usd, 0).toFixed(6)),
      tokens: tasks.reduce((total, task) => total + task.cost.tokens, 0),
    },
    links: { subIssues: planSubIssues.length, phases, blockedBy },
    requests: {
      total: stats.requests.total,
      reads: stats.requests.reads,
      writes: stats.requests.writes,
      byOperation: stats.requests.byOperation,
    },
    webhooks: {
      delivered: stats.webhooks.delivered,
      duplicated: stats.webhooks.duplicated,
      dropped: stats.webhooks.dropped,
    },
    duplicates: {
      issues: marked.length - distinctTasks.size + markedPhases.length - distinctPhases.size,
      dispatches: duplicateRuns(runs, planNumber),
    },
    comments,
    problems,
  };
}

/** The first line of a comment, without its markdown emphasis. */
function headlineOf(body: string): string {
  return (body.split("\n")[0] ?? "").replace(/\*\*/g, "").trim();
}

/** The default branch's required checks: its rulesets' and its classic protection's, by name. */
async function readRequiredChecks(
  octokit: Octokit,
  repo: { owner: string; repo: string },
): Promise<string[]> {
  const { data: repository } = await octokit.rest.repos.get(repo);
  const branch = repository.default_branch;
  const names = new Set<string>();
  const { data: rules } = await octokit.rest.repos.getBranchRules({ ...repo, branch, per_page: 100 });
  for (const rule of rules)
    if (rule.type === "required_status_checks")
      for (const check of rule.parameters?.required_status_checks ?? []) names.add(check.context);
  try {
    const { data: protection } = await octokit.rest.repos.getBranchProtection({ ...repo, branch });
    for (const context of protection.required_status_checks?.contexts ?? []) names.add(context);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  return [...names].sort();
}

/** Each required check's conclusion on `sha`: its latest check run, else its latest status. */
async function readVerifiedBy(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
  required: readonly string[],
): Promise<Array<{ check: string; conclusion: string | null }>> {
  const checkRuns = await octokit.paginate(octokit.rest.checks.listForRef, {
    ...repo,
    ref: sha,
    per_page: 100,
  });
  const statuses = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, {
    ...repo,
    ref: sha,
    per_page: 100,
  });
  return required.map((check) => {
    const run = checkRuns.filter((candidate) => candidate.name === check).sort((a, b) => b.id - a.id)[0];
    const status = statuses.find((candidate) => candidate.context === check);
    return { check, conclusion: run ? run.conclusion : (status?.state ?? null) };
  });
}

/**
 * Duplicate dispatches: more than one workflow run for the same attempt of a task. A retry is a new
 * attempt number; a second run for one attempt means a dispatch was made twice.
 */
function duplicateRuns(runs: ReadonlyArray<{ display_title?: string | null }>, planNumber: number): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const run of runs) {
    const name = readRunName(run.display_title ?? "");
    if (name === null || name.plan !== planNumber) continue;
    const key = `${name.task}\u0000${name.attempt}`;
    if (seen.has(key)) duplicates++;
    seen.add(key);
  }
  return duplicates;
}
