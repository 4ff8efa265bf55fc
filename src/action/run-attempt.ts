import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as github from "@actions/github";
import { parse as parseYaml } from "yaml";
import type { AttemptOutcome, SessionRecord } from "../core/attempt/attempt-types.ts";
import type { AttemptView } from "../core/attempt/attempt-view.ts";
import { buildSessionEnv } from "../core/attempt/build-session-env.ts";
import { compileToolPolicy } from "../core/attempt/compile-tool-policy.ts";
import { decideAttemptOutcome } from "../core/attempt/decide-attempt-outcome.ts";
import { readAttemptHistory } from "../core/attempt/read-attempt-history.ts";
import { readReportDigest } from "../core/attempt/read-report-digest.ts";
import { renderAttemptComment } from "../core/attempt/render-attempt-comment.ts";
import { renderAttemptReport } from "../core/attempt/render-attempt-report.ts";
import { renderPullBody } from "../core/attempt/render-pull-body.ts";
import { resolveAttemptSettings } from "../core/attempt/resolve-attempt-settings.ts";
import { resolveAttemptTask } from "../core/attempt/resolve-attempt-task.ts";
import { scrubSecrets } from "../core/attempt/scrub-secrets.ts";
import { CONFIG_PATH } from "../core/config/config-schema.ts";
import { parseConfig } from "../core/config/parse-config.ts";
import { buildTaskContext, DEFAULT_CONTEXT_BUDGET } from "../core/context/build-task-context.ts";
import type { ContextSection } from "../core/context/task-context-input.ts";
import type { Task } from "../core/graph/task-graph.ts";
import { TASK_LABEL } from "../core/plan/foreman-labels.ts";
import { createOctokitForge } from "../github/create-octokit-forge.ts";
import type { Forge } from "../github/forge.ts";
import { retryTransient } from "../github/retry-transient.ts";
import { retryTransientRequests } from "../github/retry-transient-requests.ts";
import type { ActionInputs } from "./action-inputs.ts";
import type { AttemptOutputs } from "./attempt-outputs.ts";
import { gitAuthEnv } from "./git-auth-env.ts";
import { loadAgentSdk } from "./load-agent-sdk.ts";
import { prepareTaskBranch } from "./prepare-task-branch.ts";
import { publishTaskPull } from "./publish-task-pull.ts";
import { pushTaskBranch } from "./push-task-branch.ts";
import { readDispatchEvent } from "./read-dispatch-event.ts";
import { restoreAgentFiles } from "./restore-agent-files.ts";
import { runClaudeSession } from "./run-claude-session.ts";
import { createGit, type Git } from "./run-git.ts";
import type { RunnerEnvironment } from "./runner-environment.ts";
import { snapshotTree } from "./snapshot-tree.ts";

export type AttemptJob = {
  inputs: ActionInputs;
  env: RunnerEnvironment;
  /** the job's whole environment, from which the session's is built (PATH, proxies, API address) */
  jobEnv: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  writeSummary: (markdown: string) => Promise<void>;
};

const MAX_TITLE = 256;

/**
 * One attempt of one task, as a numbered pipeline; every decision is a pure core function and
 * everything published is scrubbed of secrets first. The result is data: the runner turns it into
 * outputs and the step's status.
 */
export async function runAttempt(job: AttemptJob): Promise<AttemptOutputs> {
  const { inputs, env } = job;
  const secrets = [inputs["github-token"], inputs["anthropic-api-key"], inputs["claude-code-oauth-token"]];
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const log = (line: string) => job.log(scrub(line));
  const [owner = "", repo = ""] = env.GITHUB_REPOSITORY.split("/");
  const planNumber = inputs.plan;
  const taskId = inputs.task;
  const attempt = inputs.attempt;
  const branch = `foreman/${planNumber}/${taskId}`;
  const runUrl =
    env.GITHUB_RUN_ID === undefined
      ? null
      : `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`;
  const event = await readDispatchEvent(env.GITHUB_EVENT_PATH);
  const baseBranch = event.repository?.default_branch ?? env.GITHUB_REF_NAME ?? "main";
  const sender = event.sender?.login ?? "";
  const selfLogin = inputs["app-slug"]
    ? `${inputs["app-slug"]}[bot]`
    : sender.endsWith("[bot]")
      ? sender
      : null;

  let view: AttemptView = {
    planNumber,
    taskId,
    taskTitle: taskId,
    childIssue: null,
    attempt,
    maxTurns: inputs["max-turns"] ?? 0,
    budgetUsd: inputs["budget-usd"],
    maxTokens: inputs["max-tokens"],
    outcome: { result: "failed", reason: "not started", publish: false },
    session: null,
    changedPaths: [],
    acceptance: [],
    history: [],
    runUrl,
    runId: env.GITHUB_RUN_ID ?? null,
    pullNumber: null,
    headSha: null,
    branch,
    reportPath: "",
    reportUrl: null,
    context: [],
  };
  const finish = async (forge: Forge | null, outcome: AttemptOutcome): Promise<AttemptOutputs> => {
    view = { ...view, outcome };
    log(`${outcome.result}: ${outcome.reason}`);
    if (forge !== null && view.childIssue !== null) {
      const marks = (marker: { kind: string; attempt?: number; task?: string }) =>
        marker.kind === "attempt" && marker.attempt === attempt && marker.task === taskId;
      const child = view.childIssue;
      const body = scrub(renderAttemptComment(view));
      // Looks for its marker before every send, so a record whose answer was lost is not posted twice.
      await retryTransient(() => forge.ensureComment(child, marks, body), log).catch((error: unknown) => {
        log(
          `Could not record the attempt on #${child}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
    await job.writeSummary(scrub(renderAttemptReport(view)));
    const session = view.session;
    return {
      result: outcome.result,
      reason: scrub(outcome.reason),
      prNumber: view.pullNumber,
      turns: session?.turns ?? 0,
      inputTokens: session?.inputTokens ?? 0,
      outputTokens: session?.outputTokens ?? 0,
      costUsd: session?.costUsd ?? 0,
      durationMs: Math.round(session?.durationMs ?? 0),
      reportPath: outcome.publish ? view.reportPath : "",
    };
  };

  if (selfLogin === null) {
    return finish(null, {
      result: "failed",
      reason: `cannot tell Foreman's own login: set the \`app-slug\` input (the dispatch came from "${sender || "nobody"}")`,
      publish: false,
    });
  }
  const octokit = github.getOctokit(
    inputs["github-token"],
    { baseUrl: env.GITHUB_API_URL, log: { debug() {}, info() {}, warn: log, error: log } },
    retryTransientRequests(),
  );
  const forge = createOctokitForge({
    request: (route, parameters) => octokit.request(route, parameters),
    owner,
    repo,
    selfLogin,
  });

  // 1. The task, read from the plan text a writer approved and from Foreman's child issue.
  const [planIssue, planComments, candidates] = await Promise.all([
    forge.getIssue(planNumber),
    forge.listOwnComments(planNumber),
    forge.findIssuesByMarker(
      { label: TASK_LABEL },
      (marker) => marker.kind === "task" && marker.plan === planNumber && marker.task === taskId,
    ),
  ]);
  const resolved = resolveAttemptTask({
    planNumber,
    taskId,
    selfLogin,
    plan: planIssue,
    planComments,
    candidates,
  });
  view.childIssue = resolved.child?.number ?? null;
  if (!resolved.ok)
    return finish(forge, { result: resolved.result, reason: resolved.reason, publish: false });
  const { task, child } = resolved;
  view = { ...view, taskTitle: task.title, acceptance: [...task.acceptance] };

  // 2. The task branch, keeping earlier attempts' commits.
  const workspace = env.GITHUB_WORKSPACE;
  const identity = { name: selfLogin, email: `${selfLogin}@users.noreply.github.com` };
  const remote = await createGit(workspace, identity)(["remote", "get-url", "origin"]);
  const git = createGit(workspace, identity, gitAuthEnv(remote.stdout.trim(), inputs["github-token"]));
  const { baseRef, existed } = await prepareTaskBranch(git, branch, baseBranch, log);
  log(`${existed ? "Continuing" : "Starting"} branch ${branch} (base ${baseBranch})`);

  // 3. Settings: the base branch's .github/foreman.yml, then the inputs; what earlier attempts spent.
  const history = readAttemptHistory({
    comments: await forge.listOwnComments(child.number),
    selfLogin,
    planNumber,
    taskId,
    attempt,
  });
  view.history = history.attempts;
  const configText = await git(["show", `${baseRef}:${CONFIG_PATH}`], { allowFailure: true });
  const config = parseConfig(configText.ok ? parseYaml(configText.stdout) : null);
  if (!config.ok) {
    const problems = config.problems
      .map((problem) => `\`${problem.key || CONFIG_PATH}\` ${problem.message}`)
      .join("; ");
    return finish(forge, {
      result: "failed",
      reason: `${CONFIG_PATH} on ${baseBranch} is not valid: ${problems}`,
      publish: false,
    });
  }
  const resolvedSettings = resolveAttemptSettings(
    config.config,
    {
      model: inputs.model,
      maxTurns: inputs["max-turns"],
      budgetUsd: inputs["budget-usd"],
      maxTokens: inputs["max-tokens"],
      reportsDir: inputs["reports-dir"],
    },
    history.attempts,
  );
  if (!resolvedSettings.ok)
    return finish(forge, { result: "needs-human", reason: resolvedSettings.reason, publish: false });
  const settings = resolvedSettings.settings;
  view = {
    ...view,
    maxTurns: settings.maxTurns,
    budgetUsd: settings.budgetUsd,
    maxTokens: settings.maxTokens,
    reportPath: `${settings.reportsDir}/${planNumber}/${taskId}.md`,
  };

  // 4. The agent's own instructions come from the base branch; the tree before the session.
  const startSha = (await git(["rev-parse", "HEAD"])).stdout.trim();
  const restored = await restoreAgentFiles(git, workspace, baseRef);
  if (restored.length > 0) log(`Restored from ${baseBranch}: ${restored.join(", ")}`);
  const treeBefore = await snapshotTree(git);

  // 5. The prompt, within the token budget.
  const context = buildTaskContext({
    plan: { number: planNumber, title: resolved.planTitle, goal: resolved.goal },
    task,
    childIssue: child.number,
    attempt,
    feedback: history.feedback,
    dependencies: await readDependencies(forge, git, {
      planNumber,
      task,
      baseRef,
      reportsDir: settings.reportsDir,
    }),
    conventions: await readConventions(workspace),
    budgetTokens: DEFAULT_CONTEXT_BUDGET,
  });
  view.context = context.sections;
  log(`Prompt: ${context.tokens} tokens (${describeCuts(context.sections)})`);

  // 6. The session.
  const trackedFiles = (await git(["ls-files", "-z"])).stdout.split("\0").filter((file) => file !== "");
  const policy = compileToolPolicy({
    workspace,
    configTools: config.config.allowedTools,
    inputAllowed: inputs["allowed-tools"],
    inputDisallowed: inputs["disallowed-tools"],
    verification: task.verify,
    scripts: await readScripts(workspace),
    trackedFiles,
    localPrograms: await listLocalPrograms(workspace),
  });
  const home = join(env.RUNNER_TEMP, "foreman-claude-home");
  await mkdir(home, { recursive: true });
  let session: SessionRecord;
  try {
    const sdk = await loadAgentSdk({
      version: inputs["claude-code-version"],
      toolCache: env.RUNNER_TOOL_CACHE ?? env.RUNNER_TEMP,
      preinstalled: env.FOREMAN_AGENT_SDK_DIR,
      log,
    });
    log(
      `Claude Code ${sdk.version}: model ${settings.model}, at most ${settings.maxTurns} turns${settings.budgetUsd === null ? "" : `, $${settings.budgetUsd.toFixed(2)}`}`,
    );
    session = await runClaudeSession({
      sdk,
      prompt: context.prompt,
      workspace,
      model: settings.model,
      maxTurns: settings.maxTurns,
      budgetUsd: settings.budgetUsd,
      maxTokens: settings.maxTokens,
      policy,
      disallowedTools: inputs["disallowed-tools"].filter((entry) => !entry.includes("(")),
      env: buildSessionEnv(job.jobEnv, {
        home,
        anthropicApiKey: inputs["anthropic-api-key"],
        claudeCodeOauthToken: inputs["claude-code-oauth-token"],
      }),
      log,
      scrub,
    });
  } catch (error) {
    return finish(forge, {
      result: "failed",
      reason: scrub(`Claude Code could not start: ${error instanceof Error ? error.message : String(error)}`),
      publish: false,
    });
  }
  view.session = session;

  // 7. What the session changed (changes to the agent's own files are reverted first).
  const reverted = await restoreAgentFiles(git, workspace, baseRef);
  if (reverted.length > 0) log(`Reverted the agent's changes to ${reverted.join(", ")}`);
  const treeAfter = await snapshotTree(git);
  const changedPaths = (await git(["diff", "--name-only", "--no-renames", treeBefore, treeAfter])).stdout
    .split("\n")
    .filter((path) => path !== "");
  view.changedPaths = changedPaths;

  // 8. The outcome.
  const outcome = decideAttemptOutcome({
    session,
    maxTurns: settings.maxTurns,
    budgetUsd: settings.budgetUsd,
    maxTokens: settings.maxTokens,
    changedPaths,
    protectedPaths: settings.protectedPaths,
  });
  if (!outcome.publish) return finish(forge, outcome);

  // 9. Commit the work with its report, push with the App token, open or update the PR.
  const pulls = await forge.listPullsByHead(branch);
  const openPull = pulls.find((pull) => pull.state === "open") ?? null;
  view = {
    ...view,
    outcome,
    pullNumber: openPull?.number ?? null,
    reportUrl: `${env.GITHUB_SERVER_URL}/${owner}/${repo}/blob/${encodeURI(branch)}/${encodeURI(view.reportPath)}`,
  };
  try {
    view.pullNumber = await publishWork({
      git,
      forge,
      workspace,
      view,
      startSha,
      baseBranch,
      task,
      scrub,
      log,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return finish(forge, {
      result: "failed",
      reason: scrub(`the work could not be published: ${message}`),
      publish: false,
    });
  }

  // 10. The record on the child issue, the job summary and the outputs.
  return finish(forge, outcome);
}

/** Commits the work with its report, pushes the branch and opens or updates the PR; returns its number. */
async function publishWork(options: {
  git: Git;
  forge: Forge;
  workspace: string;
  view: AttemptView;
  startSha: string;
  baseBranch: string;
  task: Task;
  scrub: (text: string) => string;
  log: (line: string) => void;
}): Promise<number> {
  const { git, forge, view, scrub } = options;
  const reportFile = join(options.workspace, view.reportPath);
  await mkdir(dirname(reportFile), { recursive: true });
  await writeFile(reportFile, scrub(renderAttemptReport(view)));
  await git(["add", "-A"]);
  // One commit per attempt, whatever the agent committed itself meanwhile.
  await git(["reset", "--soft", options.startSha]);
  const message = `${view.taskId} · ${options.task.title}\n\nForeman plan #${view.planNumber}, task ${view.taskId}, attempt ${view.attempt}.`;
  await git(["commit", "--quiet", "--no-verify", "-m", scrub(message)]);
  // The engine waits for the PR to show this commit before judging its checks (GitHub updates PRs late).
  view.headSha = (await git(["rev-parse", "HEAD"])).stdout.trim();
  await pushTaskBranch(git, view.branch, options.log);
  options.log(`Pushed ${view.branch}`);
  const title = truncate(`${view.taskId} · ${options.task.title}`, MAX_TITLE);
  const body = scrub(renderPullBody(view));
  const { pull, opened } = await publishTaskPull(
    forge,
    { title, body, head: view.branch, base: options.baseBranch },
    options.log,
  );
  options.log(`${opened ? "Opened" : "Updated"} PR #${pull.number}: ${pull.url}`);
  return pull.number;
}

async function readDependencies(
  forge: Forge,
  git: Git,
  options: { planNumber: number; task: Task; baseRef: string; reportsDir: string },
) {
  const ids = options.task.deps.map((dependency) => dependency.id).filter((id) => !id.startsWith("#"));
  if (ids.length === 0) return [];
  const dependencies = [];
  for (const id of ids) {
    const pulls = await forge.listPullsByHead(`foreman/${options.planNumber}/${id}`);
    const pull = pulls.find((candidate) => candidate.merged);
    const report = await git(
      ["show", `${options.baseRef}:${options.reportsDir}/${options.planNumber}/${id}.md`],
      {
        allowFailure: true,
      },
    );
    if (!pull && !report.ok) continue;
    const digest = report.ok ? readReportDigest(report.stdout) : { summary: "", files: [] };
    const title = /^# .*? · (.*) — attempt/m.exec(report.stdout)?.[1] ?? id;
    dependencies.push({ id, title, pull: pull ? { number: pull.number, title } : null, ...digest });
  }
  return dependencies;
}

async function readConventions(workspace: string) {
  const conventions = [];
  for (const path of ["CLAUDE.md", "AGENTS.md"]) {
    try {
      conventions.push({ path, text: await readFile(join(workspace, path), "utf8") });
    } catch {
      // Not every repository has them.
    }
  }
  return conventions;
}

async function readScripts(workspace: string): Promise<Record<string, string> | null> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(workspace, "package.json"), "utf8"));
    if (typeof manifest !== "object" || manifest === null || !("scripts" in manifest)) return null;
    const scripts = manifest.scripts;
    if (typeof scripts !== "object" || scripts === null) return null;
    return Object.fromEntries(
      Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
  } catch {
    return null;
  }
}

async function listLocalPrograms(workspace: string): Promise<string[]> {
  try {
    return await readdir(join(workspace, "node_modules", ".bin"));
  } catch {
    return [];
  }
}

function describeCuts(sections: readonly ContextSection[]): string {
  const cut = sections.filter((section) => section.state !== "full");
  return cut.length === 0 ? "nothing cut" : cut.map((section) => `${section.id} ${section.state}`).join(", ");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
