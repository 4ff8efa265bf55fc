import { CONFIG_PATH } from "../config/config-schema.ts";
import { matchPathGlob } from "../config/match-path-glob.ts";
import type {
  CheckRunFact,
  CommitStatusFact,
  PullFact,
  RequiredCheck,
  RunConclusion,
} from "../plan/task-facts.ts";

/** Foreman's own check run: it shows the verdict, so it is never one of the checks the verdict waits for. */
export const VERIFY_CHECK_NAME = "foreman/verify";

/** One required check as found on a head: a check run or the latest commit status of that context. */
export type CheckEvidence = {
  context: string;
  source: "check-run" | "status";
  state: "success" | "pending" | "failure" | "missing";
  /** GitHub's own word: the conclusion of a check run or the state of a status */
  conclusion: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  checkRunId: number | null;
  /** re-runs still allowed before this failure counts (`rerunFailedChecks`; statuses cannot be re-run) */
  rerunsLeft: number;
  /** the same check fails on the base branch's head too: the failure is not the task's */
  preExisting: boolean;
};

export type NeverReason =
  | { kind: "protected-path"; paths: string[] }
  | { kind: "no-required-checks" }
  | { kind: "head-moved"; checkedSha: string };

export type VerifyVerdict = { head: string; checks: CheckEvidence[] } & (
  | { kind: "verified" }
  | { kind: "pending"; waitingFor: string[] }
  | { kind: "failed"; failures: CheckEvidence[] }
  | { kind: "never"; reason: NeverReason }
);

export type VerifyRequest = {
  pull: PullFact;
  /** check runs and statuses read for the PR's head */
  checkRuns: readonly CheckRunFact[];
  statuses: readonly CommitStatusFact[];
  /** the required checks (see `resolveRequiredChecks`): empty means none are configured */
  required: readonly RequiredCheck[];
  base: { sha: string; checkRuns: readonly CheckRunFact[]; statuses: readonly CommitStatusFact[] };
  protectedPaths: readonly string[];
  rerunFailedChecks: number;
  /** check runs GitHub refused to re-run (not the re-running app's, or gone): no re-run is waited for */
  rerunRefused: readonly number[];
  /** Foreman's App id, to leave its own `foreman/verify` out */
  appId: number | null;
};

/**
 * GitHub's own rule for a required check: a check run passes with `success`, `neutral` or `skipped`
 * ("required status checks must have a successful, skipped, or neutral status", docs.github.com:
 * repositories/…/managing-protected-branches/about-protected-branches#require-status-checks-before-merging;
 * "a job that is skipped will report its status as Success", pull-requests/reference/status-checks).
 * Foreman verifies exactly what GitHub would merge on, no less.
 */
const PASSING: ReadonlySet<RunConclusion> = new Set(["success", "neutral", "skipped"]);

/**
 * The verification verdict for a task PR (DESIGN.md "Verify"): verified only when every required check
 * passed on the PR's current head. A check run and a status of the same name are both required when
 * both exist (GitHub's rule); a check pinned to an app counts only when that app reported it; the
 * latest run of a name and the latest status of a context decide. Never verified when the PR touches a
 * protected path, when no check is required, or when the checks read ran on another commit.
 */
export function verifyTask(request: VerifyRequest): VerifyVerdict {
  const { pull } = request;
  const head = pull.headSha;
  if (pull.changedFiles === null) {
    return { kind: "pending", head, checks: [], waitingFor: ["the list of changed files"] };
  }
  const patterns = [...request.protectedPaths, CONFIG_PATH];
  const touched = pull.changedFiles.filter((path) =>
    patterns.some((pattern) => matchPathGlob(path, pattern)),
  );
  if (touched.length > 0) {
    return { kind: "never", head, checks: [], reason: { kind: "protected-path", paths: touched } };
  }
  if (request.required.length === 0) {
    return { kind: "never", head, checks: [], reason: { kind: "no-required-checks" } };
  }
  const own = (run: CheckRunFact) =>
    run.name === VERIFY_CHECK_NAME && (request.appId === null || run.appId === request.appId);
  const elsewhere = request.checkRuns.find((run) => run.headSha !== head && !own(run));
  if (elsewhere) {
    return { kind: "never", head, checks: [], reason: { kind: "head-moved", checkedSha: elsewhere.headSha } };
  }
  const runs = request.checkRuns.filter((run) => !own(run));
  const checks = request.required.flatMap((check) =>
    evidenceFor(check, runs, request.statuses).map((evidence) => {
      const onBase = evidenceFor(check, request.base.checkRuns, request.base.statuses).find(
        (found) => found.source === evidence.source,
      );
      const sameName = runs.filter((run) => run.name === check.context).length;
      const preExisting = evidence.state === "failure" && onBase?.state === "failure";
      // A check failing on the base too would fail again: it is not re-run, and not the task's fault.
      const rerunnable =
        evidence.source === "check-run" &&
        evidence.state === "failure" &&
        !preExisting &&
        !(evidence.checkRunId !== null && request.rerunRefused.includes(evidence.checkRunId));
      return {
        ...evidence,
        rerunsLeft: rerunnable ? Math.max(0, request.rerunFailedChecks - (sameName - 1)) : 0,
        preExisting,
      };
    }),
  );
  const waiting = checks.filter(
    (check) =>
      check.state === "pending" ||
      check.state === "missing" ||
      (check.state === "failure" && check.rerunsLeft > 0),
  );
  if (waiting.length > 0) {
    return { kind: "pending", head, checks, waitingFor: [...new Set(waiting.map((check) => check.context))] };
  }
  const failures = checks.filter((check) => check.state === "failure");
  return failures.length > 0
    ? { kind: "failed", head, checks, failures }
    : { kind: "verified", head, checks };
}

/** The evidence for one required check: its latest check run, its latest status, or that it is missing. */
function evidenceFor(
  check: RequiredCheck,
  checkRuns: readonly CheckRunFact[],
  statuses: readonly CommitStatusFact[],
): Omit<CheckEvidence, "rerunsLeft" | "preExisting">[] {
  const run = latest(
    checkRuns.filter(
      (candidate) =>
        candidate.name === check.context &&
        (check.integrationId === null || candidate.appId === check.integrationId),
    ),
    (candidate) => [candidate.startedAt ?? candidate.completedAt ?? "", candidate.id],
  );
  // A commit status carries no app id: a check pinned to an app can only be proven by that app's check run.
  const status =
    check.integrationId === null
      ? latest(
          statuses.filter((candidate) => candidate.context === check.context),
          (candidate) => [candidate.updatedAt, 0],
        )
      : undefined;
  const found: Omit<CheckEvidence, "rerunsLeft" | "preExisting">[] = [];
  if (run) {
    found.push({
      context: check.context,
      source: "check-run",
      state:
        run.status !== "completed"
          ? "pending"
          : PASSING.has(run.conclusion ?? "stale")
            ? "success"
            : "failure",
      conclusion: run.status === "completed" ? run.conclusion : run.status,
      url: run.url,
      title: run.title,
      summary: run.summary,
      checkRunId: run.id,
    });
  }
  if (status) {
    found.push({
      context: check.context,
      source: "status",
      state: status.state === "success" ? "success" : status.state === "pending" ? "pending" : "failure",
      conclusion: status.state,
      url: status.url,
      title: null,
      summary: status.description,
      checkRunId: null,
    });
  }
  if (found.length > 0) return found;
  return [
    {
      context: check.context,
      source: "check-run",
      state: "missing",
      conclusion: null,
      url: null,
      title: null,
      summary: null,
      checkRunId: null,
    },
  ];
}

function latest<T>(items: readonly T[], key: (item: T) => [string, number]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined) {
      best = item;
      continue;
    }
    const [time, id] = key(item);
    const [bestTime, bestId] = key(best);
    if (time > bestTime || (time === bestTime && id > bestId)) best = item;
  }
  return best;
}
