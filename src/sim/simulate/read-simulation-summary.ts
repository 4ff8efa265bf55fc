import type { EmulatorStats } from "@foreman/local-github";
import type { Octokit } from "@octokit/rest";
import { TASK_STATES } from "../../core/graph/task-state.ts";
import { readFooterMarker } from "../../core/plan/read-footer-marker.ts";
import { readTaskMarker } from "../../core/plan/read-task-marker.ts";

export type SimulationSummary = {
  plan: number;
  tasks: Array<{
    id: string;
    issue: number;
    state: string;
    attempts: number;
    pr: number | null;
    merged: boolean;
  }>;
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
  const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
    ...repo,
    per_page: 100,
  });
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

  const tasks = children.map(({ issue, id }) => {
    const branch = `foreman/${planNumber}/${id}`;
    const labels = issue.labels.map((label) => (typeof label === "string" ? label : (label.name ?? "")));
    const state = TASK_STATES.find((candidate) => labels.includes(`foreman:${candidate}`)) ?? "unlabelled";
    const pull = pulls
      .filter((candidate) => candidate.head.ref === branch)
      .sort((a, b) => b.number - a.number)[0];
    return {
      id,
      issue: issue.number,
      state,
      attempts: runs.filter((run) => run.head_branch === branch).length,
      pr: pull?.number ?? null,
      merged: Boolean(pull?.merged_at),
    };
  });

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
      dispatches: overlappingRuns(runs, planNumber),
    },
    comments,
    problems,
  };
}

/**
 * Duplicate dispatches: runs of one task that overlap in time. Retries run one after another on the
 * task's branch; two at once means the attempt claim failed.
 */
function overlappingRuns(
  runs: ReadonlyArray<{
    head_branch: string | null;
    created_at: string;
    updated_at: string;
    status: string | null;
  }>,
  planNumber: number,
): number {
  const byBranch = new Map<string, typeof runs>();
  for (const run of runs) {
    if (!run.head_branch?.startsWith(`foreman/${planNumber}/`)) continue;
    byBranch.set(run.head_branch, [...(byBranch.get(run.head_branch) ?? []), run]);
  }
  let overlapping = 0;
  for (const branchRuns of byBranch.values()) {
    const sorted = [...branchRuns].sort((a, b) => a.created_at.localeCompare(b.created_at));
    let busyUntil = "";
    for (const run of sorted) {
      if (run.created_at < busyUntil) overlapping++;
      const end = run.status === "completed" ? run.updated_at : "\uffff";
      if (end > busyUntil) busyUntil = end;
    }
  }
  return overlapping;
}
