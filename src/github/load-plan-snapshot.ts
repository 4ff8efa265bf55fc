import { TASK_LABEL } from "../core/plan/foreman-labels.ts";
import type {
  ChecksSummary,
  IssueRecord,
  PlanSnapshot,
  PullRecord,
  TaskRuntime,
} from "../core/plan/plan-snapshot.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import type { CheckRunRecord, Forge, WorkflowRunRecord } from "./forge.ts";
import { mapLimited } from "./map-limited.ts";

export type SnapshotRequest = {
  /** the plan issue, just read: its text says which issues it adopts */
  plan: IssueRecord;
  /** issue numbers the plan text adopts (`- [ ] #123`) */
  adopted: readonly number[];
  /** numbers of the existing issues the plan's tasks wait for (`Depends on: #99`) */
  dependencies: readonly number[];
  /** the task workflow's file name, whose runs are the attempts */
  workflow: string;
};

const CONCURRENCY = 4;

/**
 * Reads a plan's ground truth from GitHub: the plan issue, Foreman's comments on it, the child issues
 * (by label and marker, plus adopted ones), their sub-issue and blocked-by links, the issues outside
 * the plan its tasks wait for or that Foreman linked as blockers before (one read each), and each
 * task's attempts (workflow runs and the PR on `foreman/<plan>/<task>`).
 */
export async function loadPlanSnapshot(forge: Forge, request: SnapshotRequest): Promise<PlanSnapshot> {
  const { plan } = request;
  const branchPrefix = `foreman/${plan.number}/`;
  const [comments, marked, subIssues, repoLabels, pulls, runs] = await Promise.all([
    forge.listOwnComments(plan.number),
    forge.findIssuesByMarker(
      { label: TASK_LABEL, since: plan.createdAt },
      (marker) => marker.kind === "task" && marker.plan === plan.number,
    ),
    forge.listSubIssues(plan.number),
    forge.listLabelNames(),
    forge.listPullsByBranchPrefix(branchPrefix),
    forge.listWorkflowRuns(request.workflow),
  ]);

  const known = new Set(marked.map((issue) => issue.number));
  const adoptedNumbers = new Set(request.adopted);
  // Links Foreman made to issues the plan no longer names are read too: removing one takes its id.
  const linkedBefore = marked.flatMap((issue) =>
    readMarkers(issue.body).flatMap((marker) =>
      marker.kind === "task" && marker.plan === plan.number ? (marker.external ?? []) : [],
    ),
  );
  const toFetch = [...new Set([...adoptedNumbers, ...request.dependencies, ...linkedBefore])].filter(
    (number) => !known.has(number) && number !== plan.number,
  );
  const fetched = await mapLimited(toFetch, CONCURRENCY, (number) => forge.getIssue(number));
  const found = fetched.filter((issue): issue is IssueRecord => issue !== null);
  const adopted = found.filter((issue) => adoptedNumbers.has(issue.number));
  const externalIssues = found.filter((issue) => !adoptedNumbers.has(issue.number));
  const missingIssues = toFetch.filter((_, index) => fetched[index] === null);
  const issues = [...marked, ...adopted].sort((a, b) => a.number - b.number);

  // GitHub's summary on each issue saves reading the links of issues nothing blocks.
  const blockers = await mapLimited(issues, CONCURRENCY, async (issue) =>
    issue.blockedByCount === 0 ? [] : forge.listBlockedBy(issue.number),
  );
  const blockedBy = Object.fromEntries(issues.map((issue, index) => [issue.number, blockers[index] ?? []]));

  const taskBranches = [
    ...new Set([...pulls.map((pull) => pull.branch), ...runs.map((run) => run.branch)]),
  ].filter((branch) => branch.startsWith(branchPrefix));
  const runtimes = await mapLimited(taskBranches, CONCURRENCY, (branch) =>
    taskRuntime(forge, branch, pulls, runs),
  );
  const runtime = Object.fromEntries(
    taskBranches.map((branch, index) => [branch.slice(branchPrefix.length), runtimes[index] as TaskRuntime]),
  );

  return {
    plan,
    comments,
    issues,
    externalIssues,
    missingIssues,
    subIssues: subIssues.map((issue) => issue.number),
    blockedBy,
    repoLabels,
    runtime,
  };
}

async function taskRuntime(
  forge: Forge,
  branch: string,
  pulls: readonly PullRecord[],
  runs: readonly WorkflowRunRecord[],
): Promise<TaskRuntime> {
  const branchRuns = runs.filter((run) => run.branch === branch);
  const branchPulls = pulls.filter((pull) => pull.branch === branch).sort((a, b) => b.number - a.number);
  const pr = branchPulls.find((pull) => pull.state === "open") ?? branchPulls[0] ?? null;
  const checks = pr?.state === "open" ? summarise(await forge.listCheckRuns(pr.headSha)) : null;
  return {
    attempts: branchRuns.length,
    running: branchRuns.some((run) => run.status !== "completed"),
    pr,
    checks,
  };
}

function summarise(checkRuns: readonly CheckRunRecord[]): ChecksSummary | null {
  if (checkRuns.length === 0) return null;
  if (
    checkRuns.some(
      (run) =>
        run.status === "completed" && !["success", "neutral", "skipped"].includes(run.conclusion ?? ""),
    )
  ) {
    return "failure";
  }
  return checkRuns.every((run) => run.status === "completed") ? "success" : "pending";
}
