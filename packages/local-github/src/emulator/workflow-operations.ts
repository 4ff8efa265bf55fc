import { repositoryApiUrl, repositoryHtmlUrl } from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import { buildWorkflow } from "./build-workflow.ts";
import { buildWorkflowJob } from "./build-workflow-job.ts";
import { buildWorkflowRun } from "./build-workflow-run.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRunRecord } from "./emulator-state.ts";
import { findWorkflow } from "./find-workflow.ts";
import { GitHubApiError, notFound, unprocessable } from "./github-api-error.ts";
import { latestJobs } from "./latest-jobs.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";
import { parseWorkflowDefinition, renderRunName } from "./parse-workflow-definition.ts";
import { startWorkflowRun } from "./start-workflow-run.ts";

type RunFilters = {
  actor?: string;
  branch?: string;
  event?: string;
  status?: string;
  head_sha?: string;
  check_suite_id?: number | bigint;
};

function matchesRunFilters(run: WorkflowRunRecord, filters: RunFilters): boolean {
  if (filters.actor !== undefined && run.actorLogin !== filters.actor) return false;
  if (filters.branch !== undefined && run.headBranch !== filters.branch) return false;
  if (filters.event !== undefined && run.event !== filters.event) return false;
  if (filters.head_sha !== undefined && run.headSha !== filters.head_sha) return false;
  if (filters.check_suite_id !== undefined && run.checkSuiteId !== Number(filters.check_suite_id))
    return false;
  // `status` takes a status or a conclusion, as GitHub's filter does.
  if (filters.status !== undefined && run.status !== filters.status && run.conclusion !== filters.status)
    return false;
  return true;
}

async function listRuns(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  runs: WorkflowRunRecord[],
  query: RunFilters & { per_page?: number; page?: number },
  url: URL,
) {
  const matching = runs.filter((run) => matchesRunFilters(run, query)).sort((a, b) => b.id - a.id);
  const page = paginateList(matching, query, url);
  const git = runtime.git(repo);
  const workflowRuns = await Promise.all(
    page.items.map(async (run) => {
      const workflow = repo.workflows.find((candidate) => candidate.id === run.workflowId);
      if (!workflow) throw new Error(`workflow ${run.workflowId} of run ${run.id} is missing`);
      return buildWorkflowRun(runtime, repo, run, workflow, await git.commit(run.headSha));
    }),
  );
  return {
    status: 200 as const,
    body: { total_count: matching.length, workflow_runs: workflowRuns },
    headers: page.headers,
  };
}

/** Workflows, workflow dispatch (runs on the local runner), workflow runs and their jobs. */
export function createWorkflowOperations(): OperationHandlers {
  return {
    "actions/get-workflow": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const workflow = await findWorkflow(runtime, repo, path.workflow_id);
      if (!workflow) throw notFound();
      return { status: 200, body: buildWorkflow(runtime, repo, workflow) };
    },

    "actions/create-workflow-dispatch": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      const workflow = await findWorkflow(runtime, repo, path.workflow_id);
      if (!workflow) throw notFound();
      const git = runtime.git(repo);
      const ref = body.ref.startsWith("refs/") ? body.ref : `refs/heads/${body.ref}`;
      const headSha = await git.resolve(ref);
      if (!headSha) throw unprocessable(`No ref found for: ${body.ref}`);
      const file = await git.readFile(headSha, workflow.path);
      if (!file) throw notFound();
      const definition = parseWorkflowDefinition(workflow.path, file.content.toString("utf8"));
      if (!definition.dispatchable) throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
      const given = body.inputs ?? {};
      const unexpected = Object.keys(given).filter((name) => !definition.inputs.has(name));
      if (unexpected.length > 0)
        throw unprocessable(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
      const inputs: Record<string, string> = {};
      for (const [name, input] of definition.inputs) {
        const value = given[name];
        if (value === undefined || value === null) {
          if (input.required && input.default === undefined)
            throw unprocessable(`Required input '${name}' not provided`);
          if (input.default !== undefined) inputs[name] = input.default;
        } else {
          inputs[name] = typeof value === "string" ? value : JSON.stringify(value);
        }
      }
      const headBranch = ref.replace(/^refs\/(heads|tags)\//, "");
      const dispatchPayload: Record<string, unknown> = {
        inputs: Object.keys(inputs).length > 0 ? inputs : null,
        ref,
        workflow: workflow.path,
        repository: buildRepository(runtime, repo),
      };
      runtime.emit(
        repo,
        "workflow_dispatch",
        { inputs: dispatchPayload.inputs, ref, workflow: workflow.path },
        actor.login,
      );
      const run = startWorkflowRun(runtime, repo, {
        workflow,
        workflowText: file.content.toString("utf8"),
        event: "workflow_dispatch",
        eventPayload: dispatchPayload,
        displayTitle: definition.runName ? renderRunName(definition.runName, inputs) : workflow.name,
        jobName: definition.jobName,
        ref,
        headBranch,
        headSha,
        inputs,
        actorLogin: actor.login,
      });
      if (body.return_run_details) {
        return {
          status: 200,
          body: {
            workflow_run_id: run.id,
            run_url: `${repositoryApiUrl(runtime, repo)}/actions/runs/${run.id}`,
            html_url: `${repositoryHtmlUrl(runtime, repo)}/actions/runs/${run.id}`,
          },
        };
      }
      return { status: 204, body: undefined };
    },

    "repos/create-dispatch-event": async ({ runtime, actor, path, body }) => {
      const repo = runtime.repository(path.owner, path.repo);
      runtime.requirePermission(actor, repo, "write");
      runtime.emit(
        repo,
        "repository_dispatch",
        { action: body.event_type, branch: repo.defaultBranch, client_payload: body.client_payload ?? {} },
        actor.login,
      );
      return { status: 204, body: undefined };
    },

    "actions/list-workflow-runs": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const workflow = await findWorkflow(runtime, repo, path.workflow_id);
      if (!workflow) throw notFound();
      const runs = repo.workflowRuns.filter((run) => run.workflowId === workflow.id);
      return listRuns(runtime, repo, runs, query, url);
    },

    "actions/list-workflow-runs-for-repo": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      return listRuns(runtime, repo, repo.workflowRuns, query, url);
    },

    "actions/get-workflow-run": async ({ runtime, path }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const run = repo.workflowRuns.find((candidate) => candidate.id === path.run_id);
      const workflow = repo.workflows.find((candidate) => candidate.id === run?.workflowId);
      if (!run || !workflow) throw notFound();
      const commit = await runtime.git(repo).commit(run.headSha);
      return { status: 200, body: buildWorkflowRun(runtime, repo, run, workflow, commit) };
    },

    "actions/list-jobs-for-workflow-run": async ({ runtime, path, query, url }) => {
      const repo = runtime.repository(path.owner, path.repo);
      const run = repo.workflowRuns.find((candidate) => candidate.id === path.run_id);
      if (!run) throw new GitHubApiError(404, "Not Found");
      // `latest` (the default): each job at its newest attempt; `all`: every attempt's jobs.
      const jobs =
        query.filter === "all"
          ? repo.workflowJobs.filter((job) => job.runId === run.id)
          : latestJobs(repo, run).sort((a, b) => a.id - b.id);
      const page = paginateList(jobs, query, url);
      return {
        status: 200,
        body: {
          total_count: jobs.length,
          jobs: page.items.map((job) => buildWorkflowJob(runtime, repo, job, run)),
        },
        headers: page.headers,
      };
    },
  };
}
