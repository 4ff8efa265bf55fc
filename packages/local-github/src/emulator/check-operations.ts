import { ACTIONS_APP } from "./build-app.ts";
import { buildCheckRun } from "./build-check-run.ts";
import { buildCheckSuite } from "./build-check-suite.ts";
import { repositoryHtmlUrl } from "./build-context.ts";
import { emitCheckRunEvent, emitCheckSuiteEvent, settleCheckSuite } from "./emit-check-events.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import {
  type CheckAnnotationRecord,
  type CheckConclusion,
  type CheckRunRecord,
  type CheckSuiteRecord,
  checkConclusionSchema,
  type RepositoryRecord,
} from "./emulator-state.ts";
import { forbidden, GitHubApiError, notFound, unprocessable } from "./github-api-error.ts";
import type { Actor, OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";
import { CI_CHECK_NAME, startLocalCi } from "./run-local-ci.ts";

/** Only GitHub Apps write check runs; GitHub tells everyone else so. */
function requireAppInstallation(actor: Actor): number {
  if (actor.kind !== "installation") throw forbidden("You must authenticate via a GitHub App.");
  return actor.appId;
}

function acceptedConclusion(conclusion: string | undefined): CheckConclusion | undefined {
  if (conclusion === undefined) return undefined;
  if (conclusion === "stale") throw unprocessable("Only GitHub can set a check run's conclusion to stale");
  const found = checkConclusionSchema.safeParse(conclusion);
  if (!found.success) throw unprocessable(`Invalid conclusion: ${conclusion}`);
  return found.data;
}

type AnnotationInput = {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
};

/** GitHub appends each request's annotations (at most 50, which the spec enforces) to the run's list. */
function toAnnotations(annotations: AnnotationInput[] | undefined): CheckAnnotationRecord[] {
  return (annotations ?? []).map((annotation) => {
    if (annotation.end_line < annotation.start_line)
      throw unprocessable("Annotation end_line must be greater than or equal to start_line");
    const sameLine = annotation.start_line === annotation.end_line;
    return {
      path: annotation.path,
      startLine: annotation.start_line,
      endLine: annotation.end_line,
      // Columns only count on one line, as GitHub documents.
      startColumn: sameLine ? (annotation.start_column ?? null) : null,
      endColumn: sameLine ? (annotation.end_column ?? null) : null,
      level: annotation.annotation_level,
      title: annotation.title ?? null,
      message: annotation.message,
      rawDetails: annotation.raw_details ?? null,
    };
  });
}

async function resolveSha(runtime: EmulatorRuntime, repo: RepositoryRecord, ref: string): Promise<string> {
  const sha = await runtime.git(repo).resolve(ref);
  if (!sha) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** The app's suite for a commit: GitHub creates one per app and commit and files every run of the app in it. */
function suiteFor(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  appId: number,
  headSha: string,
  headBranch: string | null,
) {
  const known = repo.checkSuites.find((suite) => suite.appId === appId && suite.headSha === headSha);
  if (known) return known;
  const now = runtime.now();
  const suite: CheckSuiteRecord = {
    id: runtime.allocateId(),
    appId,
    headSha,
    headBranch,
    before: null,
    status: "queued",
    conclusion: null,
    createdAt: now,
    updatedAt: now,
  };
  repo.checkSuites.push(suite);
  return suite;
}

async function branchPointingAt(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  sha: string,
): Promise<string | null> {
  const refs = await runtime.git(repo).listRefs("refs/heads/");
  for (const [ref, tip] of refs) if (tip === sha) return ref.slice("refs/heads/".length);
  return null;
}

async function afterRunChange(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  run: CheckRunRecord,
  wasCompleted: boolean,
  senderLogin: string,
): Promise<void> {
  if (run.status !== "completed" || wasCompleted) return;
  await emitCheckRunEvent(runtime, repo, run, "completed", senderLogin);
  const suite = repo.checkSuites.find((candidate) => candidate.id === run.suiteId);
  if (suite && settleCheckSuite(runtime, repo, suite)) {
    await emitCheckSuiteEvent(runtime, repo, suite, "completed", senderLogin);
  }
}

/** Check runs and check suites. */
export function createCheckOperations(): OperationHandlers {
  return {
    "checks/create": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const appId = requireAppInstallation(actor);
      const headSha = await resolveSha(runtime, repo, body.head_sha);
      const conclusion = acceptedConclusion(body.conclusion);
      const suite = suiteFor(runtime, repo, appId, headSha, await branchPointingAt(runtime, repo, headSha));
      const completed = conclusion !== undefined || body.status === "completed";
      if (completed && conclusion === undefined) {
        throw new GitHubApiError(422, "Validation Failed", {
          errors: [{ resource: "CheckRun", code: "missing_field", field: "conclusion" }],
        });
      }
      const now = runtime.now();
      const run: CheckRunRecord = {
        id: runtime.allocateId(),
        suiteId: suite.id,
        appId,
        name: body.name,
        headSha,
        status: completed ? "completed" : (body.status ?? "queued"),
        conclusion: conclusion ?? null,
        startedAt: body.started_at ?? now,
        completedAt: completed ? (body.completed_at ?? now) : null,
        detailsUrl: body.details_url ?? null,
        externalId: body.external_id ?? null,
        output: {
          title: body.output?.title ?? null,
          summary: body.output?.summary ?? null,
          text: body.output?.text ?? null,
        },
        annotations: toAnnotations(body.output?.annotations),
        actions: body.actions ?? [],
      };
      repo.checkRuns.push(run);
      if (run.status === "in_progress") suite.status = "in_progress";
      await emitCheckRunEvent(runtime, repo, run, "created", actor.login);
      await afterRunChange(runtime, repo, run, false, actor.login);
      return {
        status: 201,
        body: buildCheckRun(runtime, repo, run, await runtime.pullsForSha(repo, headSha)),
      };
    },

    "checks/update": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const appId = requireAppInstallation(actor);
      const run = repo.checkRuns.find((candidate) => candidate.id === path.check_run_id);
      if (!run) throw notFound();
      if (run.appId !== appId)
        throw forbidden(
          "Invalid app_id `" +
            appId +
            "` - check run can only be modified by the GitHub App that created it.",
        );
      const wasCompleted = run.status === "completed";
      const conclusion = acceptedConclusion(body.conclusion);
      if (body.name !== undefined) run.name = body.name;
      if (body.details_url !== undefined) run.detailsUrl = body.details_url;
      if (body.external_id !== undefined) run.externalId = body.external_id;
      if (body.started_at !== undefined) run.startedAt = body.started_at;
      if (body.output !== undefined) {
        run.output = {
          title: body.output.title ?? run.output.title,
          summary: body.output.summary,
          text: body.output.text ?? run.output.text,
        };
        run.annotations.push(...toAnnotations(body.output.annotations));
      }
      if (body.actions !== undefined) run.actions = body.actions;
      if (body.status !== undefined && body.status !== "completed") run.status = body.status;
      if (conclusion !== undefined || body.status === "completed") {
        if (conclusion === undefined && run.conclusion === null) {
          throw new GitHubApiError(422, "Validation Failed", {
            errors: [{ resource: "CheckRun", code: "missing_field", field: "conclusion" }],
          });
        }
        run.status = "completed";
        run.conclusion = conclusion ?? run.conclusion;
        run.completedAt = body.completed_at ?? runtime.now();
      }
      const suite = repo.checkSuites.find((candidate) => candidate.id === run.suiteId);
      if (suite && run.status === "in_progress" && suite.status !== "completed") suite.status = "in_progress";
      await afterRunChange(runtime, repo, run, wasCompleted, actor.login);
      return {
        status: 200,
        body: buildCheckRun(runtime, repo, run, await runtime.pullsForSha(repo, run.headSha)),
      };
    },

    "checks/get": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const run = repo.checkRuns.find((candidate) => candidate.id === path.check_run_id);
      if (!run) throw notFound();
      return {
        status: 200,
        body: buildCheckRun(runtime, repo, run, await runtime.pullsForSha(repo, run.headSha)),
      };
    },

    "checks/list-for-ref": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const sha = await resolveSha(runtime, repo, path.ref);
      let runs = repo.checkRuns.filter(
        (run) =>
          run.headSha === sha &&
          (query.check_name === undefined || run.name === query.check_name) &&
          (query.status === undefined || run.status === query.status) &&
          (query.app_id === undefined || run.appId === query.app_id),
      );
      if ((query.filter ?? "latest") === "latest") {
        // The most recent run of each name (per app), as GitHub's default filter shows.
        runs = runs.filter(
          (run) =>
            !runs.some((other) => other.name === run.name && other.appId === run.appId && other.id > run.id),
        );
      }
      const newestFirst = [...runs].sort((a, b) => b.id - a.id);
      const page = paginateList(newestFirst, query, url);
      const pulls = await runtime.pullsForSha(repo, sha);
      return {
        status: 200,
        body: {
          total_count: runs.length,
          check_runs: page.items.map((run) => buildCheckRun(runtime, repo, run, pulls)),
        },
        headers: page.headers,
      };
    },

    "checks/list-suites-for-ref": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const sha = await resolveSha(runtime, repo, path.ref);
      const suites = repo.checkSuites.filter(
        (suite) =>
          suite.headSha === sha &&
          (query.app_id === undefined || suite.appId === query.app_id) &&
          (query.check_name === undefined ||
            repo.checkRuns.some((run) => run.suiteId === suite.id && run.name === query.check_name)),
      );
      const page = paginateList(suites, query, url);
      const commit = await runtime.git(repo).commit(sha);
      if (!commit) throw notFound();
      const pulls = await runtime.pullsForSha(repo, sha);
      return {
        status: 200,
        body: {
          total_count: suites.length,
          check_suites: page.items.map((suite) => buildCheckSuite(runtime, repo, suite, commit, pulls)),
        },
        headers: page.headers,
      };
    },

    "checks/get-suite": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const suite = repo.checkSuites.find((candidate) => candidate.id === path.check_suite_id);
      if (!suite) throw notFound();
      const commit = await runtime.git(repo).commit(suite.headSha);
      if (!commit) throw notFound();
      return {
        status: 200,
        body: buildCheckSuite(runtime, repo, suite, commit, await runtime.pullsForSha(repo, suite.headSha)),
      };
    },

    "checks/list-annotations": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const run = repo.checkRuns.find((candidate) => candidate.id === path.check_run_id);
      if (!run) throw notFound();
      const page = paginateList(run.annotations, query, url);
      const blobBase = `${repositoryHtmlUrl(runtime, repo)}/blob/${run.headSha}`;
      return {
        status: 200,
        body: page.items.map((annotation) => ({
          path: annotation.path,
          blob_href: `${blobBase}/${annotation.path.split("/").map(encodeURIComponent).join("/")}`,
          start_line: annotation.startLine,
          end_line: annotation.endLine,
          start_column: annotation.startColumn,
          end_column: annotation.endColumn,
          annotation_level: annotation.level,
          title: annotation.title,
          message: annotation.message,
          raw_details: annotation.rawDetails,
        })),
        headers: page.headers,
      };
    },

    "checks/rerequest-run": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const run = repo.checkRuns.find((candidate) => candidate.id === path.check_run_id);
      if (!run) throw notFound();
      // An app may re-request its own checks (and GitHub Actions' ones); a person any check.
      if (actor.kind === "installation" && run.appId !== actor.appId && run.appId !== ACTIONS_APP.id)
        throw forbidden("This check run does not belong to the authenticated GitHub App.");
      if (run.status !== "completed") throw unprocessable("This check run is not rerequestable yet.");
      const suite = repo.checkSuites.find((candidate) => candidate.id === run.suiteId);
      if (run.appId === ACTIONS_APP.id && run.name === CI_CHECK_NAME) {
        startLocalCi(runtime, repo, {
          headSha: run.headSha,
          headBranch: suite?.headBranch ?? null,
          before: suite?.before ?? null,
          senderLogin: actor.login,
          rerun: true,
        });
        return { status: 201, body: {} };
      }
      if (suite) {
        suite.status = "queued";
        suite.conclusion = null;
        suite.updatedAt = runtime.now();
      }
      await emitCheckRunEvent(runtime, repo, run, "rerequested", actor.login);
      return { status: 201, body: {} };
    },

    "checks/rerequest-suite": async ({ runtime, actor, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const suite = repo.checkSuites.find((candidate) => candidate.id === path.check_suite_id);
      if (!suite) throw notFound();
      if (suite.appId === ACTIONS_APP.id) {
        startLocalCi(runtime, repo, {
          headSha: suite.headSha,
          headBranch: suite.headBranch,
          before: suite.before,
          senderLogin: actor.login,
          rerun: true,
        });
      } else {
        suite.status = "queued";
        suite.conclusion = null;
        suite.updatedAt = runtime.now();
        await emitCheckSuiteEvent(runtime, repo, suite, "rerequested", actor.login);
      }
      return { status: 201, body: {} };
    },
  };
}
