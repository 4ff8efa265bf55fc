import { scheduleMergeRequests } from "./advance-merge-requests.ts";
import { buildCheckRun } from "./build-check-run.ts";
import { buildCheckSuite } from "./build-check-suite.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { CheckRunRecord, CheckSuiteRecord, RepositoryRecord } from "./emulator-state.ts";

/** `check_run.<action>`: created and completed go to every app, as GitHub sends them to all with checks access. */
export async function emitCheckRunEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: CheckRunRecord,
  action: "created" | "completed" | "rerequested" | "requested_action",
  senderLogin: string,
  /** the pressed button, for `requested_action` */
  requestedAction?: { identifier: string },
): Promise<void> {
  const checkRun = buildCheckRun(runtime, repo, run, await runtime.pullsForSha(repo, run.headSha));
  const suite = repo.checkSuites.find((candidate) => candidate.id === run.suiteId);
  const checkSuite = suite ? await buildSuitePayload(runtime, repo, suite) : null;
  runtime.emit(
    repo,
    "check_run",
    {
      action,
      check_run: { ...checkRun, check_suite: checkSuite },
      ...(requestedAction ? { requested_action: requestedAction } : {}),
    },
    senderLogin,
    // A re-request or a button press is for the app that owns the check run only.
    { onlyAppId: action === "rerequested" || action === "requested_action" ? run.appId : null },
  );
  // A completed check may be the last required check a merge group waited for.
  if (action === "completed") scheduleMergeRequests(runtime, repo);
}

/**
 * `check_suite.<action>`: `requested` and `rerequested` go only to the app that owns the suite (GitHub asks
 * each app to run its own checks), `completed` to every app.
 */
export async function emitCheckSuiteEvent(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  suite: CheckSuiteRecord,
  action: "requested" | "rerequested" | "completed",
  senderLogin: string,
): Promise<void> {
  const checkSuite = await buildSuitePayload(runtime, repo, suite);
  if (!checkSuite) return;
  runtime.emit(repo, "check_suite", { action, check_suite: checkSuite }, senderLogin, {
    onlyAppId: action === "completed" ? null : suite.appId,
  });
}

async function buildSuitePayload(runtime: EmulatorRuntime, repo: RepositoryRecord, suite: CheckSuiteRecord) {
  const commit = await runtime.git(repo).commit(suite.headSha);
  if (!commit) return null;
  return buildCheckSuite(runtime, repo, suite, commit, await runtime.pullsForSha(repo, suite.headSha));
}

/** A suite is done when all its runs are; its conclusion is the most severe of theirs, as on GitHub. */
export function settleCheckSuite(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  suite: CheckSuiteRecord,
): boolean {
  const runs = repo.checkRuns.filter((run) => run.suiteId === suite.id);
  if (runs.length === 0 || runs.some((run) => run.status !== "completed")) {
    if (runs.some((run) => run.status === "in_progress")) suite.status = "in_progress";
    return false;
  }
  const severity = [
    "action_required",
    "cancelled",
    "timed_out",
    "failure",
    "neutral",
    "skipped",
    "success",
  ] as const;
  const conclusions = runs.map((run) => run.conclusion);
  const worst = severity.find((conclusion) => conclusions.includes(conclusion)) ?? "success";
  suite.status = "completed";
  suite.conclusion = worst === "skipped" ? "success" : worst;
  suite.updatedAt = runtime.now();
  return true;
}
