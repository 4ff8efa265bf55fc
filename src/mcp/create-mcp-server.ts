import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { CliFailure } from "../cli/cli-failure.ts";
import { describeFailure } from "../cli/describe-failure.ts";
import { openPlanOnGitHub } from "../cli/open-plan-on-github.ts";
import { parseRepositoryReference } from "../cli/parse-repository-reference.ts";
import { planCommand } from "../cli/plan-command.ts";
import { produceReport } from "../cli/produce-report.ts";
import { readGitHubOptions } from "../cli/read-github-options.ts";
import { readPlanStatus } from "../cli/read-plan-status.ts";
import { renderPlanStatus } from "../cli/render-plan-status.ts";
import { simulateCommand } from "../cli/simulate-command.ts";
import { givePlanCommand } from "./give-plan-command.ts";
import {
  controlInput,
  controlOutput,
  convertInput,
  convertOutput,
  reportInput,
  reportOutput,
  simulateInput,
  simulateOutput,
  startInput,
  startOutput,
  statusInput,
  statusOutput,
  validateInput,
  validateOutput,
} from "./mcp-tool-schemas.ts";
import { runCapturedCommand } from "./run-captured-command.ts";
import { startPlanIssue } from "./start-plan-issue.ts";

export type McpServerOptions = {
  /** where relative paths resolve, as for the CLI */
  cwd: string;
  /** GITHUB_TOKEN and GITHUB_API_URL are read from here, per call */
  env: NodeJS.ProcessEnv;
  apiUrl?: string;
  appSlug?: string;
};

const DOCS = new URL("../../docs/", import.meta.url);
const PACKAGE = new URL("../../package.json", import.meta.url);

/**
 * `foreman mcp`: the Foreman commands as MCP tools. Each tool runs the code its `foreman` command
 * runs (the plan and simulate commands in-process, the status, report and GitHub functions they
 * share) and answers with the command's own text and its JSON; failures are tool errors with the
 * command's message.
 */
export async function createMcpServer(options: McpServerOptions): Promise<McpServer> {
  const { version } = JSON.parse(await readFile(PACKAGE, "utf8")) as { version: string };
  const server = new McpServer(
    { name: "foreman", version },
    {
      instructions:
        "Foreman turns a task list (markdown) into a dependency graph of GitHub issues and runs each task as a verified Claude Code pull request. Check a plan with validate_plan, inspect it with convert_plan, try it offline with simulate_plan; with GITHUB_TOKEN, start_plan puts it on a repository, plan_status and task_report follow it, control_plan pauses, resumes, cancels, retries or skips.",
    },
  );
  const github = () => readGitHubOptions({ "api-url": options.apiUrl, app: options.appSlug }, options.env);
  const plan = (text: string) => parseRepositoryReference(text, "plan");

  server.registerTool(
    "validate_plan",
    {
      title: "Validate a Foreman plan",
      description:
        "Checks a task document (markdown) the way `foreman validate` does: every problem with its line, column and a hint how to fix it. Use it after writing or editing a plan, before starting it. valid=false means Foreman would refuse to start it.",
      inputSchema: validateInput,
      outputSchema: validateOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guard(async ({ markdown }) => {
      const compiled = await compile(markdown, options.cwd);
      const errors = compiled.graph.diagnostics.filter((item) => item.severity === "error").length;
      const structured = {
        valid: compiled.graph.valid,
        tasks: compiled.graph.tasks.length,
        errors,
        warnings: compiled.graph.diagnostics.length - errors,
        diagnostics: compiled.graph.diagnostics,
      } satisfies z.infer<typeof validateOutput>;
      const verdict = structured.valid
        ? `Valid: ${structured.tasks} tasks${structured.warnings > 0 ? `, ${structured.warnings} warnings` : ", no problems"}.`
        : `Invalid: ${errors} error${errors === 1 ? "" : "s"}${structured.warnings > 0 ? `, ${structured.warnings} warnings` : ""}.`;
      return answer(`${verdict}\n${compiled.problems}`.trim(), structured);
    }),
  );

  server.registerTool(
    "convert_plan",
    {
      title: "Convert a plan to Foreman's task graph",
      description:
        "Compiles a task document (markdown) into Foreman's canonical JSON graph, as `foreman plan --json` prints it: tasks with dependencies (and where each came from), acceptance criteria, files, phases, execution waves, the critical path, the blocked-by links, and a mermaid flowchart. Fails with the problems when the plan is invalid; fix them (validate_plan) and convert again.",
      inputSchema: convertInput,
      outputSchema: convertOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guard(async ({ markdown }) => {
      const compiled = await compile(markdown, options.cwd);
      if (!compiled.graph.valid) {
        throw new CliFailure(`the plan is not valid, so it has no graph yet:\n${compiled.problems}`);
      }
      const mermaid = await runCapturedCommand(planCommand, ["-", "--mermaid"], {
        stdin: markdown,
        cwd: options.cwd,
      });
      const structured = { ...compiled.graph, mermaid: mermaid.stdout.trimEnd() } satisfies z.infer<
        typeof convertOutput
      >;
      const summary = `${structured.tasks.length} tasks in ${structured.waves.length} waves; critical path ${structured.criticalPath.join(" → ")}.`;
      return answer(`${summary}\n\n${JSON.stringify(structured, null, 2)}`, structured);
    }),
  );

  server.registerTool(
    "simulate_plan",
    {
      title: "Simulate a plan on a local GitHub",
      description:
        "Runs the plan end to end on this machine, as `foreman simulate FILE --json` does: a local GitHub emulator, the real Foreman app behind signed webhooks, a writer who opens the plan issue and labels it. Returns what GitHub then holds: each task's issue and state, the sub-issue and blocked-by links, API requests and webhooks, duplicates (should be 0). Needs no token or network; takes a few seconds.",
      inputSchema: simulateInput,
      outputSchema: simulateOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guard(async ({ markdown, faults, seed }) => {
      const dir = await mkdtemp(join(tmpdir(), "foreman-mcp-plan-"));
      try {
        const file = join(dir, "plan.md");
        await writeFile(file, markdown);
        const args = [
          file,
          "--json",
          ...(faults === undefined ? [] : ["--faults", faults]),
          ...(seed === undefined ? [] : ["--seed", String(seed)]),
        ];
        const run = await runCapturedCommand(simulateCommand, args, { cwd: options.cwd });
        if (run.code !== 0) throw new CliFailure(run.stderr.replaceAll(file, "plan").trim());
        const summary = simulateOutput.parse(JSON.parse(run.stdout));
        return answer(run.stdout.trim(), summary);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
  );

  server.registerTool(
    "start_plan",
    {
      title: "Start a plan on GitHub",
      description:
        "Opens the plan issue on a GitHub repository from markdown (or updates an existing one with `issue`) and starts it as the token's person: adds the plan label, or comments /foreman start or /foreman replan. The plan is validated first; nothing is created when it is invalid or the person lacks write access. Waits for Foreman to create the task issues and returns the task table. Needs GITHUB_TOKEN.",
      inputSchema: startInput,
      outputSchema: startOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(async ({ repository, markdown, title, issue, wait_seconds }) => {
      const { connection, appSlug } = github();
      const started = await startPlanIssue(connection, parseRepositoryReference(repository, "repository"), {
        markdown,
        ...(title === undefined ? {} : { title }),
        ...(issue === undefined ? {} : { issue }),
        appSlug,
        waitMs: wait_seconds * 1000,
        cwd: options.cwd,
      });
      const said = {
        started: "Foreman started it",
        invalid: "Foreman found problems in it",
        "config-error": "Foreman cannot start it: the repository's .github/foreman.yml has problems",
        refused: "Foreman refused: only writers may start plans",
        "no-answer": `Foreman has not answered within ${wait_seconds} s — is the App installed? \`foreman doctor ${repository}\` checks the setup`,
      }[started.foreman];
      const text = [
        `${started.created ? "Opened" : started.approvedWith === "none" ? "Found your plan" : "Updated"} ${started.issue.url}${started.approvedWith === "none" ? "" : started.approvedWith === "label" ? " and added the plan label" : ` and commented /foreman ${started.approvedWith}`}. ${said}${started.answer ? `: ${started.answer}` : "."}`,
        ...(started.status ? ["", renderPlanStatus(started.status)] : []),
      ].join("\n");
      return answer(text.trim(), started);
    }),
  );

  server.registerTool(
    "plan_status",
    {
      title: "A plan's task table",
      description:
        "The plan's tasks as GitHub shows them, as `foreman status OWNER/REPO#N --json` prints them: each task's state (pending, ready, running, verifying, done, failed, needs-human, skipped, cancelled, blocked), issue, PR, checks, attempts and cost, with the totals. Needs GITHUB_TOKEN with read access.",
      inputSchema: statusInput,
      outputSchema: statusOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    guard(async ({ plan: reference }) => {
      const { connection, appSlug } = github();
      const status = await readPlanStatus(await openPlanOnGitHub(connection, plan(reference), appSlug));
      return answer(renderPlanStatus(status).trim(), status);
    }),
  );

  server.registerTool(
    "task_report",
    {
      title: "A task's report or the plan's summary",
      description:
        "With `task`: that task's report, as `foreman report OWNER/REPO#N TASK` prints it (the report file the Action committed, else one built from GitHub: attempts, turns, tokens, cost, checks). Without: the plan's summary report in markdown. Needs GITHUB_TOKEN with read access.",
      inputSchema: reportInput,
      outputSchema: reportOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    guard(async ({ plan: reference, task }) => {
      const { connection, appSlug } = github();
      const report = await produceReport(connection, plan(reference), appSlug, task);
      const structured =
        report.kind === "plan"
          ? {
              kind: report.kind,
              task: null,
              source: "summary" as const,
              location: null,
              markdown: report.markdown,
            }
          : {
              kind: report.kind,
              task: report.task,
              source: report.source,
              location: report.location,
              markdown: report.markdown,
            };
      return answer(report.markdown, structured);
    }),
  );

  server.registerTool(
    "control_plan",
    {
      title: "Pause, resume, cancel, retry, skip or sync a plan",
      description:
        "Gives Foreman a slash command on the plan issue as the token's person (who must have write access, the same rule as on GitHub): pause or resume dispatch, cancel the plan, retry or skip one task (`task`), or sync. Posts the command, waits for Foreman's answer and returns it with the task table. Needs GITHUB_TOKEN of a writer.",
      inputSchema: controlInput,
      outputSchema: controlOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    guard(async ({ plan: reference, action, task, wait_seconds }) => {
      const { connection, appSlug } = github();
      const given = await givePlanCommand(connection, plan(reference), {
        action,
        ...(task === undefined ? {} : { task }),
        appSlug,
        waitMs: wait_seconds * 1000,
      });
      const heard =
        given.reaction === null
          ? `Foreman has not answered within ${wait_seconds} s.`
          : `Foreman answered ${given.reaction === "+1" ? "👍" : given.reaction}${given.reply ? `: ${given.reply}` : "."}`;
      return answer(
        `Posted \`${given.command}\` (${given.comment}). ${heard}\n\n${renderPlanStatus(given.status)}`.trim(),
        given,
      );
    }),
  );

  for (const resource of [
    {
      name: "task-format",
      uri: "foreman://docs/task-format.md",
      file: "task-format.md",
      title: "How to write a Foreman plan",
      description:
        "Every task-document form Foreman accepts (headings, checklists, numbered lists, fields, dependencies), with examples.",
      mimeType: "text/markdown",
    },
    {
      name: "task-graph-schema",
      uri: "foreman://schema/task-graph.json",
      file: "task-graph.schema.json",
      title: "JSON Schema of the task graph",
      description: "The JSON Schema of convert_plan's graph (`foreman plan --schema`).",
      mimeType: "application/schema+json",
    },
  ]) {
    server.registerResource(
      resource.name,
      resource.uri,
      { title: resource.title, description: resource.description, mimeType: resource.mimeType },
      async (uri) => ({
        contents: [
          {
            uri: uri.href,
            mimeType: resource.mimeType,
            text: await readFile(new URL(resource.file, DOCS), "utf8"),
          },
        ],
      }),
    );
  }
  return server;
}

/** `foreman plan - --json` in-process: the graph as the CLI prints it, and its problems as it words them. */
async function compile(markdown: string, cwd: string) {
  const run = await runCapturedCommand(planCommand, ["-", "--json"], { stdin: markdown, cwd });
  if (run.stdout === "") throw new CliFailure(run.stderr.trim() || "the plan could not be read");
  const graph = convertOutput.omit({ mermaid: true }).parse(JSON.parse(run.stdout));
  return { graph, problems: run.stderr.replaceAll("<stdin>", "plan").trim() };
}

function answer(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** Every failure becomes a tool error with the CLI's wording; never a stack trace. */
function guard<Args>(
  handler: (args: Args) => Promise<CallToolResult>,
): (args: Args) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      return { content: [{ type: "text", text: describeFailure(error).message }], isError: true };
    }
  };
}
