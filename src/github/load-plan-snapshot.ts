import { readRunName } from "../core/engine/read-run-name.ts";
import { PHASE_LABEL, TASK_LABEL } from "../core/plan/foreman-labels.ts";
import type { IssueRecord, PhaseRecord, PlanSnapshot } from "../core/plan/plan-snapshot.ts";
import { readTaskMarker } from "../core/plan/read-task-marker.ts";
import type { RequiredChecksFact, TaskFacts, WorkflowRunFact } from "../core/plan/task-facts.ts";
import type { Forge } from "./forge.ts";
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
  /** the config's `requiredChecks`: `auto` reads the base branch's rules and protection */
  requiredChecks: "auto" | readonly string[];
};

const CONCURRENCY = 4;
const NO_REQUIRED_CHECKS: RequiredChecksFact = { checks: [], strict: false, source: "none" };

/**
 * Reads a plan's ground truth from GitHub, facts only, with reads proportional to the plan: the plan
 * issue, Foreman's comments on it, the child issues (Foreman's own, by label and marker, plus adopted
 * ones), its phase issues (by label and marker) with their sub-issues, the children's blocked-by links, the issues outside the plan its tasks wait for or that
 * Foreman linked as blockers before (one read each), and for each task branch `foreman/<plan>/<task>`
 * (those that exist or have a run of the task workflow created since the plan was opened) its pull
 * requests by exact head, and on the newest open one every check run, status and review. The base
 * branch's required checks are read while some task has an open pull request.
 */
export async function loadPlanSnapshot(forge: Forge, request: SnapshotRequest): Promise<PlanSnapshot> {
  const { plan } = request;
  const branchPrefix = `foreman/${plan.number}/`;
  const [comments, marked, phaseIssues, subIssues, repoLabels, runs, branches] = await Promise.all([
    forge.listOwnComments(plan.number),
    forge.findIssuesByMarker(
      { label: TASK_LABEL, since: plan.createdAt },
      (marker) => marker.kind === "task" && marker.plan === plan.number,
    ),
    forge.findIssuesByMarker(
      { label: PHASE_LABEL, since: plan.createdAt },
      (marker) => marker.kind === "phase" && marker.plan === plan.number,
    ),
    forge.listSubIssues(plan.number),
    forge.listLabelNames(),
    forge.listWorkflowRuns(request.workflow, plan.createdAt),
    forge.listBranches(branchPrefix),
  ]);

  const known = new Set(marked.map((issue) => issue.number));
  const adoptedNumbers = new Set(request.adopted);
  // Links Foreman made to issues the plan no longer names are read too: removing one takes its id.
  const linkedBefore = marked.flatMap((issue) => readTaskMarker(issue.body, plan.number)?.external ?? []);
  const toFetch = [...new Set([...adoptedNumbers, ...request.dependencies, ...linkedBefore])].filter(
    (number) => !known.has(number) && number !== plan.number,
  );
  const fetched = await mapLimited(toFetch, CONCURRENCY, (number) => forge.getIssue(number));
  const found = fetched.filter((issue): issue is IssueRecord => issue !== null);
  const adopted = found.filter((issue) => adoptedNumbers.has(issue.number));
  const externalIssues = found.filter((issue) => !adoptedNumbers.has(issue.number));
  const missingIssues = toFetch.filter((_, index) => fetched[index] === null);
  const issues = [...marked, ...adopted].sort((a, b) => a.number - b.number);

  // Tasks under phase issues: one listing per phase issue, far fewer than the tasks.
  const phaseChildren = await mapLimited(phaseIssues, CONCURRENCY, (issue) =>
    forge.listSubIssues(issue.number),
  );
  const phases = phaseIssues.map(
    (issue, index): PhaseRecord => ({
      issue,
      subIssues: (phaseChildren[index] ?? []).map((child) => child.number),
    }),
  );

  // GitHub's summary on each issue saves reading the links of issues nothing blocks.
  const blockers = await mapLimited(issues, CONCURRENCY, async (issue) =>
    issue.blockedByCount === 0 ? [] : forge.listBlockedBy(issue.number),
  );
  const blockedBy = Object.fromEntries(issues.map((issue, index) => [issue.number, blockers[index] ?? []]));

  // The task workflow is dispatched on the base branch: its run title names the task (`formatRunName`).
  const branchOfRun = (run: WorkflowRunFact) => {
    const named = readRunName(run.displayTitle);
    return named?.plan === plan.number ? `${branchPrefix}${named.task}` : run.branch;
  };
  const taskBranches = [...new Set([...branches, ...runs.map(branchOfRun)])].filter(
    (branch) => branch.startsWith(branchPrefix) && branch.length > branchPrefix.length,
  );
  const facts = await mapLimited(taskBranches, CONCURRENCY, async (branch): Promise<TaskFacts> => {
    const pulls = await forge.listPullsByHead(branch);
    const newest = pulls[0];
    const open = newest?.state === "open" ? newest : null;
    const [checkRuns, statuses, reviews] = open
      ? await Promise.all([
          forge.listCheckRuns(open.headSha),
          forge.listCommitStatuses(open.headSha),
          forge.listReviews(open.number),
        ])
      : [[], [], []];
    return {
      branch,
      pulls,
      checkRuns,
      statuses,
      reviews,
      runs: runs.filter((run) => branchOfRun(run) === branch),
    };
  });
  const tasks = Object.fromEntries(
    taskBranches.map((branch, index) => [branch.slice(branchPrefix.length), facts[index] as TaskFacts]),
  );

  const openBase = facts.find((fact) => fact.pulls[0]?.state === "open")?.pulls[0]?.baseRef;
  let requiredChecks = NO_REQUIRED_CHECKS;
  if (openBase !== undefined) {
    requiredChecks =
      request.requiredChecks === "auto"
        ? await forge.getRequiredChecks(openBase)
        : {
            checks: request.requiredChecks.map((context) => ({ context, integrationId: null })),
            strict: false,
            source: "config",
          };
  }

  return {
    plan,
    comments,
    issues,
    externalIssues,
    missingIssues,
    subIssues: subIssues.map((issue) => issue.number),
    phases,
    blockedBy,
    repoLabels,
    tasks,
    requiredChecks,
  };
}
