import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { BareRepo } from "../git/bare-repo.ts";
import { cloneAtCommit } from "../git/clone-at-commit.ts";
import type { ExpressionValue } from "./evaluate-expression.ts";
import { parseFileCommand } from "./parse-file-command.ts";
import { parseWorkflowFile, WorkflowFileError } from "./parse-workflow-file.ts";
import { runJobSteps } from "./run-job-steps.ts";

export { commandJob } from "./command-job.ts";

export interface JobContext {
  workspace: string;
  env: Record<string, string>;
  inputs: Record<string, string>;
  log: (line: string) => void;
  /** Aborted when the run is cancelled; a job that honours it should return "cancelled". */
  signal?: AbortSignal;
}

export type WorkflowJob = (
  context: JobContext,
) => Promise<{ conclusion: "success" | "failure" | "cancelled" }>;

export interface WorkflowJobResult {
  conclusion: "success" | "failure" | "cancelled";
  outputs: Record<string, string>;
  summary: string;
  log: string;
  startedAt: string;
  completedAt: string;
}

export interface RunWorkflowJobOptions {
  repo: BareRepo;
  sha: string;
  ref: string;
  /** owner/name */
  repository: string;
  /** e.g. ".github/workflows/foreman-task.yml" */
  workflowPath: string;
  inputs: Record<string, string>;
  runId: number;
  runNumber: number;
  token: string;
  apiUrl: string;
  serverUrl: string;
  event: unknown;
  eventName: string;
  /**
   * A programmatic job instead of the workflow file's steps (kept for callers written before the runner
   * ran workflow files): the repository is cloned into the workspace first, and the hook does the rest.
   */
  job?: WorkflowJob;
  /** repository secrets (`secrets.X`); `secrets.GITHUB_TOKEN` is always the job's token */
  secrets?: Record<string, string>;
  /** configuration variables (`vars.X`) */
  variables?: Record<string, string>;
  /** `owner/repo[/path][@ref]` → a local directory with that action (see runJobSteps) */
  actionPaths?: Record<string, string>;
  /** the runner machine's own variables (a self-hosted runner's `.env`); the runner's GITHUB_* win */
  runnerEnv?: Record<string, string>;
  /** `needs.<job>.result` and `.outputs` of the jobs this one needs */
  needs?: Record<string, { result: string; outputs: Record<string, string> }>;
  /** Who triggered the run; defaults to the event's sender, then the repository owner. */
  actor?: string;
  runAttempt?: number;
  /** The job's key under `jobs:`; defaults to the workflow file's first job. */
  jobId?: string;
  signal?: AbortSignal;
}

const RUNNER_ARCH: Partial<Record<string, string>> = { x64: "X64", arm64: "ARM64", arm: "ARM", ia32: "X86" };

/** GitHub's UTC timestamps without fractions. */
function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function refNameAndType(ref: string): { name: string; type: "branch" | "tag" } {
  if (ref.startsWith("refs/tags/")) return { name: ref.slice("refs/tags/".length), type: "tag" };
  if (ref.startsWith("refs/heads/")) return { name: ref.slice("refs/heads/".length), type: "branch" };
  // refs/pull/N/merge and the like: GitHub reports these as branches named after the rest of the ref.
  return { name: ref.replace(/^refs\/(pull\/)?/, ""), type: "branch" };
}

/** GitHub Enterprise's REST root is …/api/v3 and its GraphQL endpoint …/api/graphql; elsewhere it is …/graphql. */
function graphqlUrl(apiUrl: string): string {
  const root = apiUrl.replace(/\/+$/, "");
  return root.endsWith("/api/v3") ? `${root.slice(0, -"/v3".length)}/graphql` : `${root}/graphql`;
}

/** How the runner names an input's variable: `INPUT_` + the name uppercased, spaces as underscores. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

function senderLogin(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null || !("sender" in event)) return undefined;
  const sender = event.sender;
  if (typeof sender !== "object" || sender === null || !("login" in sender)) return undefined;
  return typeof sender.login === "string" ? sender.login : undefined;
}

/** The workflow's `name:` and first job id, as GITHUB_WORKFLOW and GITHUB_JOB report them. */
async function describeWorkflow(
  repo: BareRepo,
  sha: string,
  workflowPath: string,
): Promise<{ name: string; firstJob: string | undefined }> {
  const file = await repo.readFile(sha, workflowPath);
  if (!file) return { name: workflowPath, firstJob: undefined };
  try {
    const parsed: unknown = parseYaml(file.content.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return { name: workflowPath, firstJob: undefined };
    const name = "name" in parsed && typeof parsed.name === "string" ? parsed.name : workflowPath;
    const jobs =
      "jobs" in parsed && typeof parsed.jobs === "object" && parsed.jobs !== null ? parsed.jobs : {};
    return { name, firstJob: Object.keys(jobs)[0] };
  } catch {
    // An unparsable workflow still runs here; GitHub would have refused the dispatch before this point.
    return { name: workflowPath, firstJob: undefined };
  }
}

/**
 * Runs one workflow job the way a GitHub-hosted runner would prepare it: a fresh clone at `sha`, the
 * event payload in a file, and the runner's environment variables and file commands. Afterwards it
 * collects `GITHUB_OUTPUT` and the step summary, and removes everything it created. A job that throws,
 * a checkout that fails, or a malformed output file is a failed job with the reason in the log; the
 * token is masked in the log as GitHub masks secrets.
 */
export async function runWorkflowJob(options: RunWorkflowJobOptions): Promise<WorkflowJobResult> {
  const startedAt = isoNow();
  const lines: string[] = [];
  // Secrets never reach the log: the token, every secret, and what a step masks with ::add-mask::.
  const masks = new Set(
    [options.token, ...Object.values(options.secrets ?? {})].filter((secret) => secret.length > 0),
  );
  const mask = (line: string) => [...masks].reduce((text, secret) => text.replaceAll(secret, "***"), line);
  const log = (line: string) => {
    lines.push(mask(line));
  };
  const finish = (
    conclusion: WorkflowJobResult["conclusion"],
    outputs: Record<string, string>,
    summary: string,
  ) => ({
    conclusion,
    outputs,
    summary,
    log: lines.join("\n"),
    startedAt,
    completedAt: isoNow(),
  });

  const root = await mkdtemp(join(tmpdir(), `foreman-run-${options.runId}-`));
  try {
    const [owner = options.repository, repoName = options.repository] = options.repository.split("/");
    const workspace = join(root, "work", repoName, repoName);
    const temp = join(root, "temp");
    const home = join(root, "home");
    const commands = join(temp, "_runner_file_commands");
    const eventPath = join(temp, "_github_workflow", "event.json");
    const id = randomUUID();
    const files = {
      output: join(commands, `set_output_${id}`),
      summary: join(commands, `step_summary_${id}`),
      env: join(commands, `set_env_${id}`),
      path: join(commands, `add_path_${id}`),
      state: join(commands, `save_state_${id}`),
    };
    await Promise.all(
      [commands, join(temp, "_github_workflow"), home].map((dir) => mkdir(dir, { recursive: true })),
    );
    await Promise.all([
      ...Object.values(files).map((path) => writeFile(path, "")),
      writeFile(eventPath, JSON.stringify(options.event ?? {}, null, 2)),
    ]);

    const { name: ref, type: refType } = refNameAndType(options.ref);
    if (!options.job) await mkdir(workspace, { recursive: true });
    else
      try {
        await mkdir(join(root, "work", repoName), { recursive: true });
        await cloneAtCommit({
          repo: options.repo,
          sha: options.sha,
          dir: workspace,
          ...(refType === "branch" && options.ref.startsWith("refs/heads/") ? { branch: ref } : {}),
        });
        log(`Checked out ${options.repository} at ${options.sha} (${options.ref}) into ${workspace}`);
      } catch (error) {
        log(
          `##[error]Checkout of ${options.sha} (${options.ref}) failed: ${error instanceof Error ? error.message : error}`,
        );
        return finish("failure", {}, "");
      }

    const workflow = await describeWorkflow(options.repo, options.sha, options.workflowPath);
    const actor = options.actor ?? senderLogin(options.event) ?? owner;
    const isPullRequest = options.eventName.startsWith("pull_request");
    const pullRequest = isPullRequest ? pullRequestRefs(options.event) : { head: "", base: "" };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      ...options.runnerEnv,
      HOME: home,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_STATE: files.state,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_RUN_ID: String(options.runId),
      GITHUB_RUN_NUMBER: String(options.runNumber),
      GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
      GITHUB_SHA: options.sha,
      GITHUB_REF: options.ref,
      GITHUB_REF_NAME: ref,
      GITHUB_REF_TYPE: refType,
      GITHUB_HEAD_REF: pullRequest.head,
      GITHUB_BASE_REF: pullRequest.base,
      GITHUB_TOKEN: options.token,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: options.serverUrl,
      GITHUB_GRAPHQL_URL: graphqlUrl(options.apiUrl),
      GITHUB_WORKFLOW: workflow.name,
      GITHUB_WORKFLOW_REF: `${options.repository}/${options.workflowPath}@${options.ref}`,
      GITHUB_JOB: options.jobId ?? workflow.firstJob ?? "job",
      GITHUB_ACTOR: actor,
      GITHUB_TRIGGERING_ACTOR: actor,
      RUNNER_TEMP: temp,
      RUNNER_OS: "Linux",
      RUNNER_ARCH: RUNNER_ARCH[process.arch] ?? process.arch.toUpperCase(),
      RUNNER_NAME: "foreman-local-runner",
      RUNNER_ENVIRONMENT: "self-hosted",
    };
    if (!options.job) {
      return finish(
        ...(await runFileJob(options, {
          workspace,
          temp,
          env,
          actor,
          ref,
          refType,
          log,
          mask: (secret) => masks.add(secret),
        })),
      );
    }

    let conclusion: WorkflowJobResult["conclusion"];
    try {
      const context: JobContext = {
        workspace,
        env: {
          ...env,
          ...Object.fromEntries(
            Object.entries(options.inputs).map(([name, value]) => [inputVariable(name), value]),
          ),
        },
        inputs: { ...options.inputs },
        log,
      };
      if (options.signal) context.signal = options.signal;
      ({ conclusion } = await options.job(context));
    } catch (error) {
      const cancelled = options.signal?.aborted === true;
      log(`##[error]${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      conclusion = cancelled ? "cancelled" : "failure";
    }

    const summary = await readFile(files.summary, "utf8");
    let outputs: Record<string, string> = {};
    try {
      outputs = parseFileCommand(await readFile(files.output, "utf8"), "GITHUB_OUTPUT");
    } catch (error) {
      log(
        `##[error]Unable to process file command 'output': ${error instanceof Error ? error.message : error}`,
      );
      if (conclusion === "success") conclusion = "failure";
    }
    return finish(conclusion, outputs, summary);
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The workflow file's own job, run step by step; any problem with the file fails the job with its reason. */
async function runFileJob(
  options: RunWorkflowJobOptions,
  prepared: {
    workspace: string;
    temp: string;
    env: Record<string, string>;
    actor: string;
    ref: string;
    refType: string;
    log: (line: string) => void;
    mask: (secret: string) => void;
  },
): Promise<[WorkflowJobResult["conclusion"], Record<string, string>, string]> {
  const { env, log } = prepared;
  const file = await options.repo.readFile(options.sha, options.workflowPath);
  if (!file) {
    log(`##[error]${options.workflowPath} does not exist at ${options.sha}`);
    return ["failure", {}, ""];
  }
  let workflow: ReturnType<typeof parseWorkflowFile>;
  try {
    workflow = parseWorkflowFile(options.workflowPath, file.content.toString("utf8"));
  } catch (error) {
    if (!(error instanceof WorkflowFileError)) throw error;
    log(`##[error]${error.message}`);
    return ["failure", {}, ""];
  }
  const jobId = options.jobId ?? Object.keys(workflow.jobs)[0] ?? "";
  const github: Record<string, ExpressionValue> = {
    action: "",
    actor: prepared.actor,
    triggering_actor: prepared.actor,
    api_url: options.apiUrl,
    base_ref: env.GITHUB_BASE_REF ?? "",
    event: (options.event ?? {}) as ExpressionValue,
    event_name: options.eventName,
    event_path: env.GITHUB_EVENT_PATH ?? "",
    graphql_url: env.GITHUB_GRAPHQL_URL ?? "",
    head_ref: env.GITHUB_HEAD_REF ?? "",
    job: jobId,
    ref: options.ref,
    ref_name: prepared.ref,
    ref_type: prepared.refType,
    repository: options.repository,
    repository_owner: env.GITHUB_REPOSITORY_OWNER ?? "",
    run_id: String(options.runId),
    run_number: String(options.runNumber),
    run_attempt: String(options.runAttempt ?? 1),
    server_url: options.serverUrl,
    sha: options.sha,
    token: options.token,
    workflow: env.GITHUB_WORKFLOW ?? "",
    workflow_ref: env.GITHUB_WORKFLOW_REF ?? "",
    workspace: prepared.workspace,
  };
  const outcome = await runJobSteps(workflow, jobId, {
    workspace: prepared.workspace,
    temp: prepared.temp,
    env: { ...env, GITHUB_JOB: jobId },
    contexts: {
      github,
      inputs: options.inputs,
      secrets: { ...options.secrets, GITHUB_TOKEN: options.token },
      vars: { ...options.variables },
      runner: {
        os: "Linux",
        arch: env.RUNNER_ARCH ?? "X64",
        name: env.RUNNER_NAME ?? "",
        temp: prepared.temp,
        environment: "self-hosted",
      },
      needs: options.needs ?? {},
    },
    serverUrl: options.serverUrl,
    apiUrl: options.apiUrl,
    actionPaths: options.actionPaths ?? {},
    log,
    mask: prepared.mask,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return [outcome.conclusion, outcome.outputs, outcome.summary];
}

function pullRequestRefs(event: unknown): { head: string; base: string } {
  const refOf = (side: unknown): string =>
    typeof side === "object" && side !== null && "ref" in side && typeof side.ref === "string"
      ? side.ref
      : "";
  if (typeof event !== "object" || event === null || !("pull_request" in event))
    return { head: "", base: "" };
  const pullRequest = event.pull_request;
  if (typeof pullRequest !== "object" || pullRequest === null) return { head: "", base: "" };
  return {
    head: "head" in pullRequest ? refOf(pullRequest.head) : "",
    base: "base" in pullRequest ? refOf(pullRequest.base) : "",
  };
}
