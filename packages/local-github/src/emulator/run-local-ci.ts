import { runCiCheck } from "../ci/local-ci.ts";
import { ACTIONS_APP } from "./build-app.ts";
import { repositoryHtmlUrl } from "./build-context.ts";
import { emitCheckRunEvent, emitCheckSuiteEvent, settleCheckSuite } from "./emit-check-events.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { CheckRunRecord, CheckSuiteRecord, RepositoryRecord } from "./emulator-state.ts";

/** The check run the local CI reports, and the context seeded branch rules require. */
export const CI_CHECK_NAME = "test";
/** GitHub limits a check run's summary to 65535 characters. */
const SUMMARY_LIMIT = 65_000;
/**
 * Runs the repository's test command on `headSha` as GitHub Actions would for a pull request: a check
 * suite of the GitHub Actions app with one check run named `test`, queued → in progress → completed,
 * with `check_run` and `check_suite` events. Does nothing when that commit already has the suite, unless
 * `rerun` asks for a fresh run in it.
 */
export function startLocalCi(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  options: {
    headSha: string;
    headBranch: string | null;
    before: string | null;
    senderLogin: string;
    rerun?: boolean;
  },
): void {
  let suite = repo.checkSuites.find(
    (candidate) => candidate.headSha === options.headSha && candidate.appId === ACTIONS_APP.id,
  );
  if (suite && !options.rerun) return;
  const now = runtime.now();
  if (!suite) {
    suite = {
      id: runtime.allocateId(),
      appId: ACTIONS_APP.id,
      headSha: options.headSha,
      headBranch: options.headBranch,
      before: options.before,
      status: "queued",
      conclusion: null,
      createdAt: now,
      updatedAt: now,
    } satisfies CheckSuiteRecord;
    repo.checkSuites.push(suite);
  } else {
    suite.status = "queued";
    suite.conclusion = null;
    suite.updatedAt = now;
  }
  const runId = runtime.allocateId();
  const run: CheckRunRecord = {
    id: runId,
    suiteId: suite.id,
    appId: ACTIONS_APP.id,
    name: CI_CHECK_NAME,
    headSha: options.headSha,
    status: "queued",
    conclusion: null,
    startedAt: now,
    completedAt: null,
    detailsUrl: `${repositoryHtmlUrl(runtime, repo)}/runs/${runId}`,
    externalId: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: [],
  };
  repo.checkRuns.push(run);
  runtime.changed();
  const activeSuite = suite;
  runtime.track(
    (async () => {
      await emitCheckRunEvent(runtime, repo, run, "created", options.senderLogin);
      const release = await runtime.acquireCiSlot();
      try {
        run.status = "in_progress";
        run.startedAt = runtime.now();
        activeSuite.status = "in_progress";
        const result = await runCiCheck({
          repo: runtime.git(repo),
          sha: options.headSha,
          command: runtime.ciCommand,
        });
        run.status = "completed";
        run.conclusion = result.conclusion;
        run.completedAt = runtime.now();
        run.output = {
          title:
            result.conclusion === "success"
              ? `${runtime.ciCommand} passed`
              : `${runtime.ciCommand} ${result.conclusion}`,
          summary: result.output.slice(-SUMMARY_LIMIT),
          text: null,
        };
      } finally {
        release();
      }
      settleCheckSuite(runtime, repo, activeSuite);
      runtime.changed();
      await emitCheckRunEvent(runtime, repo, run, "completed", options.senderLogin);
      await emitCheckSuiteEvent(runtime, repo, activeSuite, "completed", options.senderLogin);
    })(),
    `CI of ${repo.owner}/${repo.name}@${options.headSha.slice(0, 7)}`,
  );
}
