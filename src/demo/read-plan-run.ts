import type { OpenedPlan } from "../cli/open-plan-on-github.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { stripMarkers } from "../core/plan/strip-markers.ts";
import type { CheckRunFact, CommitStatusFact, PullFact, TaskFacts } from "../core/plan/task-facts.ts";
import { createOctokitEngineForge } from "../github/create-octokit-engine-forge.ts";
import { pullSchema } from "../github/github-schemas.ts";
import { mapLimited } from "../github/map-limited.ts";
import {
  type AttemptRun,
  type CheckRunSummary,
  type PlanRun,
  planRunSchema,
  type TaskRun,
} from "./plan-run.ts";

/** Reads at once: enough to be quick, few enough to stay inside GitHub's secondary rate limits. */
const CONCURRENCY = 4;
/** The page and the JSON keep what the next attempt was told, bounded: the full text stays on the issue. */
const MAX_FEEDBACK = 4_000;
/** Foreman's own check run: its verdict, not one of the repository's required checks. */
const VERIFY_CHECK = "foreman/verify";

/**
 * What a watcher polling the run need not ask twice: a pull request's files at one head (`number@sha`,
 * a head that did not move has the same files) and the checks on a merged head (final once merged).
 */
export type PlanRunReadCache = {
  pullFiles: Map<string, readonly string[]>;
  mergedHeadChecks: Map<string, HeadChecks>;
};

type HeadChecks = { runs: readonly CheckRunFact[]; statuses: readonly CommitStatusFact[] };

export function createPlanRunReadCache(): PlanRunReadCache {
  return { pullFiles: new Map(), mergedHeadChecks: new Map() };
}

type TimedRecord = { url: string; updatedAt: string; body: string };

/**
 * A plan's run as GitHub shows it (the `PlanRun` model): the plan and its tracking comment, each task's
 * state as the app derives it, its attempts from the markers only Foreman's own comments carry (the
 * dispatch, the Action's figures, the feedback, the escalation) joined with the workflow runs, its PR
 * with the attempt report it carries, the required checks on the PR's head, and the summary report
 * the summary comment links. Everything else the demo shows is rendered from this.
 */
export async function readPlanRun(
  opened: OpenedPlan,
  cache: PlanRunReadCache = createPlanRunReadCache(),
): Promise<PlanRun> {
  const { view, loaded, reference, repository, config, connection } = opened;
  const { snapshot } = loaded;
  const planNumber = snapshot.plan.number;
  const settings = config.ok ? config.config : null;
  const reportsDir = (settings?.reportsDir ?? ".foreman/reports").replace(/^\/+|\/+$/g, "");
  const { pullFiles, mergedHeadChecks } = cache;
  const engine = createOctokitEngineForge({
    request: connection.request,
    owner: reference.owner,
    repo: reference.repo,
    selfLogin: opened.forge.selfLogin,
  });
  const filesOf = async (number: number, headSha: string) => {
    const key = `${number}@${headSha}`;
    const cached = pullFiles.get(key);
    if (cached) return cached;
    const files = await engine.listPullFiles(number);
    pullFiles.set(key, files);
    return files;
  };
  // The snapshot reads checks only for open PRs; a landed task shows those on the head that merged.
  const checksOf = async (pull: PullFact, facts: TaskFacts): Promise<HeadChecks> => {
    if (pull.state === "open") return { runs: facts.checkRuns, statuses: facts.statuses };
    const cached = mergedHeadChecks.get(pull.headSha);
    if (cached) return cached;
    const [runs, statuses] = await Promise.all([
      opened.forge.listCheckRuns(pull.headSha),
      opened.forge.listCommitStatuses(pull.headSha),
    ]);
    if (pull.merged) mergedHeadChecks.set(pull.headSha, { runs, statuses });
    return { runs, statuses };
  };
  const reportIn = (files: readonly string[], taskId: string) =>
    files.find(
      (path) => path.startsWith(`${reportsDir}/`) && /\.md$/i.test(path) && pathNames(path, taskId),
    ) ?? null;
  const blobUrl = (ref: string, path: string) =>
    `${repository.html_url}/blob/${encodePath(ref)}/${encodePath(path)}`;

  const required = await requiredCheckNames(opened);
  const taskIds = new Set(view.tasks.map((task) => task.id));
  const tasks = await mapLimited(view.tasks, CONCURRENCY, async (task): Promise<TaskRun> => {
    const child = view.children.get(task.id) ?? null;
    const facts = snapshot.tasks[task.id];
    const records = child === null ? [] : await engine.listRecordComments(child.number);
    const pull = facts?.pulls[0] ?? null;
    const report = pull === null ? null : reportIn(await filesOf(pull.number, pull.headSha), task.id);
    const state = view.states[task.id] ?? "pending";
    const attempts = readAttempts(records, facts, planNumber, task.id, state);
    return {
      id: task.id,
      title: task.title,
      state,
      issue: child === null ? null : { number: child.number, url: child.url },
      dependsOn: task.deps.map((dependency) => dependency.id).filter((id) => taskIds.has(id)),
      waitsForIssues: task.deps.flatMap((dependency) => {
        const match = /^#(\d+)$/.exec(dependency.id);
        return match && !taskIds.has(dependency.id) ? [Number(match[1])] : [];
      }),
      maxAttempts: settings?.maxAttempts ?? 3,
      attempts,
      pr:
        pull === null
          ? null
          : {
              number: pull.number,
              url: pull.url,
              merged: pull.merged,
              mergedAt: pull.mergedAt,
              mergeSha: pull.mergeSha,
              reportUrl:
                report === null
                  ? null
                  : blobUrl(pull.merged ? repository.default_branch : pull.branch, report),
            },
      checks: facts === undefined || pull === null ? [] : checksOnHead(await checksOf(pull, facts), required),
      reason: reasonOf(state, records, planNumber, task.id, view.states, task.deps),
    };
  });

  const summaryReport = await readSummaryReport(opened, async (number, headSha) => {
    const files = await filesOf(number, headSha);
    const reports = files.filter((path) => path.startsWith(`${reportsDir}/`) && /\.md$/i.test(path));
    return reports.find((path) => !view.tasks.some((task) => pathNames(path, task.id))) ?? null;
  });
  const finished =
    tasks.length > 0 && tasks.every((task) => ["done", "skipped", "cancelled"].includes(task.state));
  const approvalUrl = view.comments.get("approval")?.comment.url;
  const approval = (await engine.listRecordComments(planNumber)).find(
    (comment) => comment.url === approvalUrl,
  );
  return planRunSchema.parse({
    repository: { fullName: repository.full_name, url: repository.html_url },
    plan: {
      number: planNumber,
      title: snapshot.plan.title,
      url: snapshot.plan.url,
      trackingCommentUrl: view.comments.get("tracking")?.comment.url ?? null,
    },
    // The plan starts when a writer approves it (the issue itself may be much older).
    startedAt: approval?.updatedAt ?? snapshot.plan.createdAt,
    finishedAt: finished ? latest(tasks, summaryReport?.mergedAt ?? null) : null,
    tasks,
    budget: {
      limitUsd: settings?.budget.perPlanUsd ?? null,
      limitTokens: settings?.budget.perPlanTokens ?? null,
    },
    summaryReport:
      summaryReport === null
        ? null
        : { path: summaryReport.path, url: blobUrl(summaryReport.ref, summaryReport.path) },
  } satisfies PlanRun);
}

/**
 * One entry per attempt Foreman dispatched, oldest first. The verdict is the attempt's, not only its
 * job's: a job that succeeded but whose checks failed got feedback, so it failed; the last attempt of
 * a task that landed succeeded; one still being verified has no verdict yet.
 */
function readAttempts(
  records: readonly TimedRecord[],
  facts: TaskFacts | undefined,
  plan: number,
  task: string,
  state: TaskRun["state"],
): AttemptRun[] {
  const byAttempt = new Map<
    number,
    {
      dispatch?: TimedRecord & { run: number | null };
      outcome?: TimedRecord & Extract<ReturnType<typeof readMarkers>[number], { kind: "attempt" }>;
      feedback?: TimedRecord;
      escalated?: boolean;
    }
  >();
  const entry = (n: number) => {
    const found = byAttempt.get(n) ?? {};
    byAttempt.set(n, found);
    return found;
  };
  for (const record of records) {
    const marker = readMarkers(record.body).find(
      (found) => "task" in found && found.plan === plan && found.task === task,
    );
    if (marker === undefined || !("attempt" in marker)) continue;
    if (marker.kind === "dispatch") entry(marker.attempt).dispatch = { ...record, run: marker.run ?? null };
    else if (marker.kind === "attempt") entry(marker.attempt).outcome = { ...record, ...marker };
    else if (marker.kind === "feedback") entry(marker.attempt).feedback = record;
    else if (marker.kind === "escalation") entry(marker.attempt).escalated = true;
  }
  const runs = facts?.runs ?? [];
  const numbers = [...byAttempt.keys()].sort((a, b) => a - b);
  const last = numbers.at(-1);
  return numbers.flatMap((n): AttemptRun[] => {
    const { dispatch, outcome, feedback, escalated } = byAttempt.get(n) ?? {};
    const runId = outcome?.run ?? dispatch?.run ?? null;
    const run = runs.find((candidate) => candidate.id === runId) ?? null;
    const jobEnd = run?.status === "completed" ? run.updatedAt : null;
    const dispatchedAt = dispatch?.updatedAt ?? run?.createdAt ?? outcome?.updatedAt;
    if (dispatchedAt === undefined) return [];
    return [
      {
        n,
        run: run === null ? null : { id: run.id, url: run.url },
        dispatchedAt,
        startedAt: run?.startedAt ?? run?.createdAt ?? null,
        finishedAt: feedback?.updatedAt ?? outcome?.updatedAt ?? jobEnd,
        conclusion: verdictOf({
          outcome: outcome?.result ?? null,
          job: run?.status === "completed" ? run.conclusion : null,
          feedback: feedback !== undefined,
          escalated: escalated === true,
          superseded: n !== last,
          landed: state === "done",
          failed: state === "failed",
        }),
        feedback: feedback === undefined ? null : readFeedback(feedback.body),
        turns: outcome?.turns ?? null,
        inputTokens: outcome?.input ?? null,
        outputTokens: outcome?.output ?? null,
        costUsd: outcome?.cost ?? null,
      },
    ];
  });
}

function verdictOf(facts: {
  outcome: "success" | "failed" | "needs-human" | null;
  job: string | null;
  feedback: boolean;
  escalated: boolean;
  superseded: boolean;
  landed: boolean;
  /** the task is `failed`: its last attempt failed and no next one runs yet */
  failed: boolean;
}): AttemptRun["conclusion"] {
  if (facts.outcome === "needs-human") return "needs-human";
  if (facts.job === "cancelled") return "cancelled";
  if (facts.job === "timed_out") return "timed_out";
  if (facts.feedback || facts.outcome === "failed") return facts.escalated ? "needs-human" : "failure";
  if (facts.escalated) return "needs-human";
  // The required checks passed on the head that merged: that, not the job, is the verdict.
  if (facts.landed && !facts.superseded) return "success";
  if (facts.job !== null && facts.job !== "success") return "failure";
  if (facts.failed && !facts.superseded) return "failure";
  // Another attempt came after it without feedback on this one: it did not land.
  return facts.superseded ? "failure" : null;
}

/**
 * The feedback comment without its marker, its `🔁 **T4**: attempt 1 failed —` lead (every view says
 * which task and attempt already) and the sentence every one ends with, bounded.
 */
function readFeedback(body: string): string {
  const text = stripMarkers(body)
    .replace(/^\W*\*\*[^*\n]+\*\*: attempt \d+ failed — /u, "")
    .split("\n")
    .filter((line) => !line.startsWith("The next attempt works on the same branch"))
    .join("\n")
    .trim();
  return text.length <= MAX_FEEDBACK
    ? text
    : `${text.slice(0, MAX_FEEDBACK)}\n… (the full text is on the task's issue)`;
}

function reasonOf(
  state: TaskRun["state"],
  records: readonly TimedRecord[],
  plan: number,
  task: string,
  states: Readonly<Record<string, TaskRun["state"]>>,
  deps: ReadonlyArray<{ id: string }>,
): string | null {
  if (state === "needs-human") {
    const escalation = records.findLast((record) =>
      readMarkers(record.body).some(
        (marker) => marker.kind === "escalation" && marker.plan === plan && marker.task === task,
      ),
    );
    const first = escalation === undefined ? "" : (stripMarkers(escalation.body).split("\n")[0] ?? "");
    const why = first.replace(/\*\*/g, "").split(" needs you: ").at(1) ?? first;
    return why.trim() === "" ? "waiting for a person (see the task's issue)" : why.trim();
  }
  if (state === "blocked") {
    const stuck = deps
      .map((dependency) => dependency.id)
      .filter((id) => {
        const other = states[id];
        return other === "needs-human" || other === "blocked" || other === "cancelled";
      });
    return stuck.length === 0 ? null : `waits for ${stuck.join(", ")}`;
  }
  return null;
}

/** The checks that decide: the config's list, else the default branch's rules; all but Foreman's own when neither names any. */
async function requiredCheckNames(opened: OpenedPlan): Promise<readonly string[] | null> {
  const configured = opened.config.ok ? opened.config.config.requiredChecks : "auto";
  if (configured !== "auto") return configured;
  const rules = await opened.forge.getRequiredChecks(opened.repository.default_branch);
  return rules.checks.length === 0 ? null : rules.checks.map((check) => check.context);
}

function checksOnHead(head: HeadChecks, required: readonly string[] | null): CheckRunSummary[] {
  const latestRuns = new Map<string, CheckRunFact>();
  for (const run of head.runs) {
    const seen = latestRuns.get(run.name);
    if (seen === undefined || (run.startedAt ?? "") >= (seen.startedAt ?? "")) latestRuns.set(run.name, run);
  }
  const latestStatuses = new Map<string, CommitStatusFact>();
  for (const status of head.statuses) {
    const seen = latestStatuses.get(status.context);
    if (seen === undefined || status.updatedAt >= seen.updatedAt) latestStatuses.set(status.context, status);
  }
  const names =
    required ?? [...latestRuns.keys(), ...latestStatuses.keys()].filter((name) => name !== VERIFY_CHECK);
  return [...new Set(names)].map((name): CheckRunSummary => {
    const run = latestRuns.get(name);
    if (run !== undefined)
      return { name, conclusion: run.status === "completed" ? run.conclusion : null, url: run.url };
    const status = latestStatuses.get(name);
    if (status !== undefined)
      return {
        name,
        conclusion: status.state === "pending" ? null : status.state === "success" ? "success" : "failure",
        url: status.url,
      };
    return { name, conclusion: null, url: null };
  });
}

/**
 * The summary report: the summary comment on the plan links the PR that lands it; the report is the
 * markdown file that PR adds under the reports directory (on the default branch once merged).
 */
async function readSummaryReport(
  opened: OpenedPlan,
  reportFileOf: (number: number, headSha: string) => Promise<string | null>,
): Promise<{ path: string; ref: string; mergedAt: string | null } | null> {
  const summary = opened.view.comments.get("summary")?.comment.body ?? "";
  // The task rows link their own PRs; the report's PR is on the line of its own.
  const link = /^Full report: (\S+)\/pull\/(\d+)\s*$/m.exec(summary);
  if (link === null || link[1] !== opened.repository.html_url) return null;
  const number = Number(link[2]);
  const { data } = await opened.connection.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner: opened.reference.owner,
    repo: opened.reference.repo,
    pull_number: number,
  });
  const pull = pullSchema.parse(data);
  const path = await reportFileOf(pull.number, pull.head.sha);
  if (path === null) return null;
  const mergedAt = pull.merged_at ?? null;
  return { path, ref: mergedAt === null ? pull.head.ref : opened.repository.default_branch, mergedAt };
}

/** GitHub's blob links keep the slashes of a branch (`foreman/1/T4`) and a path as they are. */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Whether a report file's name is this task's (`T3.md`, or a prefixed `1-T3.md`), in any case. */
function pathNames(path: string, taskId: string): boolean {
  const name = (path.split("/").at(-1) ?? "").replace(/\.md$/i, "").toLowerCase();
  const wanted = taskId.toLowerCase();
  return name === wanted || name.endsWith(`-${wanted}`) || name.endsWith(`_${wanted}`);
}

/** When the last thing happened: the latest merge or attempt end, and the summary report's merge. */
function latest(tasks: readonly TaskRun[], summaryMergedAt: string | null): string | null {
  const times = [
    summaryMergedAt,
    ...tasks.flatMap((task) => [
      task.pr?.mergedAt ?? null,
      ...task.attempts.map((attempt) => attempt.finishedAt),
    ]),
  ].filter((time): time is string => time !== null);
  return times.sort().at(-1) ?? null;
}
