import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "@foreman/local-github";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { formatLinkTarget } from "../core/graph/format-link-target.ts";
import { layoutSubIssues } from "../core/graph/layout-sub-issues.ts";
import { parsePlan } from "../core/graph/parse-plan.ts";
import { cutTitle } from "../core/plan/cut-title.ts";
import { createTaskListDisplay } from "../demo/create-task-list-display.ts";
import { loadExample } from "../demo/load-example.ts";
import { writePlanRunPage } from "../demo/write-plan-run-page.ts";
import { parseAgentChoice } from "../sim/simulate/agents/parse-agent-choice.ts";
import { findMissingSetup } from "../sim/simulate/find-missing-setup.ts";
import type { SimulationSummary } from "../sim/simulate/read-simulation-summary.ts";
import { renderSimulationSummary } from "../sim/simulate/render-simulation-summary.ts";
import {
  runSimulation,
  SettleTimeout,
  SIMULATION_REPOSITORY,
  type SimulationOptions,
} from "../sim/simulate/run-simulation.ts";
import type { SimulationMode } from "../sim/simulate/start-foreman-host.ts";
import { type CliCommand, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { observeSimulation } from "./observe-simulation.ts";
import { validateCommand } from "./plan-command.ts";
import { simulateScenario } from "./simulate-scenario.ts";

const MAX_REPLICAS = 5;
const DEFAULT_SETTLE_SECONDS = 120;
/** A large plan's setup is a few writes per task (issue, claim, sub-issue, links): its default grows with it. */
const SETTLE_SECONDS_PER_TASK = 2;
/** A whole run, every attempt a real job with Claude Code, takes minutes, not seconds. */
const DEFAULT_AGENT_SETTLE_SECONDS = 2400;
/** How often the live task list looks at GitHub again. */
const WATCH_INTERVAL_MS = 1_500;
/** Inside `--keep DIR`: the local GitHub's state and its bare repositories. */
const KEPT_GITHUB_DIR = "local-github";
const SIMULATE_USAGE = `Usage: foreman simulate FILE|EXAMPLE-DIR [--agent AGENT | --stop-after plan] [--json] [--keep DIR] [--faults SPEC] [--seed N] [--replicas N] [--settle-timeout SECONDS] [--mode app|actions]
       foreman simulate --scenario draft [--json] [--faults SPEC] [--seed N]   (the planner, with a fake model)

Runs a plan end to end on this machine: a local GitHub (the emulator) with a seeded repository acme/demo,
the real Foreman app behind real signed webhooks, and a writer who opens FILE as a plan issue and adds
the \`foreman\` label. When everything is quiet, prints what GitHub then holds.
  --agent AGENT       run the plan to the end: each attempt is the installed task workflow on the local
                      runner, the real Action and the real Claude Code, answered by AGENT:
                        synthetic[:fail=RATE,seed=N]  a generated change per task; a first attempt breaks
                                                      a test with probability RATE, its retry repairs it
                        replay                        the example's recorded sessions (EXAMPLE-DIR only)
                        claude                        Anthropic's API (needs ANTHROPIC_API_KEY)
                      EXAMPLE-DIR holds plan.md, repository/ (the first commit) and sessions/
  --stop-after plan   stop once the plan's issues and links are set up (without --agent)
  --json              one JSON object: plan, tasks, links, requests, webhooks, duplicates; with --agent
                      also \`run\`: the run as GitHub shows it (each task's attempts, PR, checks, cost)
  --keep DIR          keep the local GitHub's repositories in DIR/${KEPT_GITHUB_DIR} and write DIR/index.html,
                      one self-contained page of the final state (DIR must be new or empty)
  --faults SPEC       inject faults, e.g. "api=5xx:0.05;webhooks=dup:0.3,drop:0.1" (see foreman emulator)
  --seed N            seed of the fault sequence (default 0)
  --replicas N        run N copies of the app behind one registration, each getting every delivery (1-${MAX_REPLICAS})
  --settle-timeout S  how long the app may work before the result is read (default ${DEFAULT_SETTLE_SECONDS} s, ${SETTLE_SECONDS_PER_TASK} s per task for larger plans)
  --mode MODE         app (default): the Probot app hosts Foreman; actions: nothing is hosted, the local
                      GitHub runs templates/workflows/foreman.yml (the Action's reconcile mode) on each event
Exit status: 0 done, 1 invalid plan or nothing created (the reasons are printed), 2 usage error,
3 plan incomplete (what is missing is printed; the app may have needed a longer --settle-timeout).`;

const STAGES = ["plan"] as const;
const SIMULATION_MODES = ["app", "actions"] as const satisfies readonly SimulationMode[];
/** GitHub refuses longer issue bodies, so no plan could be opened from a longer file. */
const MAX_PLAN_CHARACTERS = 65_536;
/** Bytes read at most: a file beyond this cannot hold a plan within GitHub's limit, even in UTF-32. */
const MAX_PLAN_BYTES = MAX_PLAN_CHARACTERS * 4;
export const EXIT_INCOMPLETE = 3;

export const simulateCommand: CliCommand = {
  summary: "run a plan against a local GitHub and the real app; print the result",
  usage: SIMULATE_USAGE,
  async run(args, io) {
    if (args.some((arg) => arg === "--scenario" || arg.startsWith("--scenario=")))
      return simulateScenario(args, io);
    let parsed: ReturnType<typeof readArgs>;
    try {
      parsed = readArgs(args);
    } catch (error) {
      io.stderr(
        `foreman simulate: ${error instanceof Error ? error.message : String(error)}\n\n${SIMULATE_USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    const path = resolve(io.cwd, parsed.file);
    const example = (await stat(path)).isDirectory()
      ? await loadExample(basename(path), dirname(path))
      : null;
    if (parsed.agent?.kind === "replay" && example === null) {
      io.stderr(
        `foreman simulate: --agent replay plays an example's recorded sessions; give an example directory (e.g. templates/examples/todo-cli), not ${parsed.file}\n`,
      );
      return EXIT_USAGE;
    }
    if (example !== null && parsed.agent === null) {
      io.stderr(
        `foreman simulate: ${parsed.file} is an example directory; run it with --agent, e.g. --agent replay\n`,
      );
      return EXIT_USAGE;
    }
    const planFile = example === null ? parsed.file : join(parsed.file, "plan.md");
    const planPath = resolve(io.cwd, planFile);
    const tooLarge = await checkPlanSize(planPath, planFile);
    if (tooLarge !== null) {
      io.stderr(`foreman simulate: ${tooLarge}\n`);
      return EXIT_INVALID_INPUT;
    }
    const validity = await validateCommand.run([planFile], io);
    if (validity !== EXIT_OK) return validity;
    const markdown = decodePlanBytes(await readFile(planPath)).text;
    const graph = parsePlan(markdown);
    const tasks = graph.tasks;
    const keepProblem = parsed.keep === null ? null : await checkKeepDir(resolve(io.cwd, parsed.keep));
    if (keepProblem !== null) {
      io.stderr(`foreman simulate: --keep ${parsed.keep}: ${keepProblem}\n`);
      return EXIT_USAGE;
    }
    let agent: SimulationOptions["agent"];
    if (parsed.agent !== null) {
      agent = {
        agent: parsed.agent,
        tasks: new Map(tasks.map((task) => [task.id, task])),
        env: process.env,
        ...(example === null ? {} : { files: example.files, sessions: example.sessions }),
      };
    }
    const settleSeconds =
      parsed.settleSeconds ?? Math.max(DEFAULT_SETTLE_SECONDS, SETTLE_SECONDS_PER_TASK * tasks.length);
    // The live task list shows a run to the end; --json and --keep need only the final reading.
    const display =
      agent !== undefined && !parsed.json
        ? createTaskListDisplay(
            { write: io.stdout, isTTY: io.terminal?.isTTY === true, columns: io.terminal?.columns },
            { env: process.env, now: Date.now },
          )
        : null;
    const watcher =
      display !== null || (parsed.json && agent !== undefined) || parsed.keep !== null
        ? observeSimulation({
            show: display === null ? null : (run) => display.update(run),
            intervalMs: WATCH_INTERVAL_MS,
          })
        : null;
    const keepDir = parsed.keep === null ? null : resolve(io.cwd, parsed.keep);
    let summary: SimulationSummary;
    let timedOut: string | null = null;
    try {
      summary = await runSimulation({
        planMarkdown: markdown,
        ...(graph.title === null || graph.title.trim() === "" ? {} : { title: cutTitle(graph.title) }),
        taskOrder: tasks.map((task) => task.id),
        ...(parsed.faults === undefined ? {} : { faults: parsed.faults }),
        seed: parsed.seed,
        replicas: parsed.replicas,
        mode: parsed.mode,
        settleTimeoutMs: settleSeconds * 1000,
        ...(agent === undefined ? {} : { agent }),
        ...(keepDir === null ? {} : { dataDir: join(keepDir, KEPT_GITHUB_DIR) }),
        ...(watcher === null ? {} : { observer: watcher }),
      });
    } catch (error) {
      if (!(error instanceof SettleTimeout)) throw error;
      summary = error.summary;
      timedOut = `the app was still working after ${settleSeconds} s (${error.message}); a longer --settle-timeout may let it finish`;
    }
    const run = watcher?.finalRun() ?? null;
    const pagePath =
      keepDir !== null && run !== null ? await writePlanRunPage(keepDir, run, Date.now()) : null;
    if (parsed.json) io.stdout(`${JSON.stringify(agent === undefined ? summary : { ...summary, run })}\n`);
    else if (display !== null && run !== null) display.finish(run, { pagePath });
    else io.stdout(renderSimulationSummary(summary));
    if (keepDir !== null && !parsed.json) {
      // The closing block names the page already; the plain summary does not.
      if (pagePath !== null && display === null) io.stdout(`The run as a page: ${pagePath}\n`);
      const repository = join(
        keepDir,
        KEPT_GITHUB_DIR,
        "repositories",
        SIMULATION_REPOSITORY.owner,
        `${SIMULATION_REPOSITORY.repo}.git`,
      );
      io.stdout(`The repository is kept: git clone ${repository}\n`);
    }
    const watchProblem = watcher?.readProblem() ?? null;
    if (watchProblem !== null)
      io.stderr(`foreman simulate: could not read the final state of the run: ${watchProblem}\n`);
    if (summary.tasks.length === 0 && timedOut === null) {
      const reasons = summary.problems.length > 0 ? `:\n${summary.problems.join("\n")}` : ".";
      io.stderr(`foreman simulate: nothing was created; Foreman did not start the plan${reasons}\n`);
      return EXIT_INVALID_INPUT;
    }
    // The simulated repository has no `.github/foreman.yml`: the default `phaseIssues: auto` applies.
    const layout = layoutSubIssues(tasks, "auto");
    const gaps = findMissingSetup(summary, {
      taskIds: tasks.map((task) => task.id),
      blockedBy: layout.blockers.map(([task, blocker]) => [task, formatLinkTarget(blocker)]),
      phases: layout.phases.map((slot) => ({ phase: slot.key, tasks: slot.tasks })),
    });
    // A run to the end (--agent) is complete only when every task is done.
    if (agent !== undefined)
      for (const task of summary.tasks)
        if (task.state !== "done") gaps.push(`${task.id} ended ${task.state}, not done`);
    if (timedOut !== null || gaps.length > 0) {
      const lines = [...gaps, ...(timedOut === null ? [] : [timedOut])].map((gap) => `  - ${gap}`);
      io.stderr(`foreman simulate: the plan is incomplete:\n${lines.join("\n")}\n`);
      return EXIT_INCOMPLETE;
    }
    return EXIT_OK;
  },
};

/** `--keep DIR` fills DIR; a directory holding anything else would mix two runs (or lose files). */
async function checkKeepDir(dir: string): Promise<string | null> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") return "is a file; give a new or empty directory";
    throw error;
  }
  return entries.length === 0
    ? null
    : `${dir} is not empty; give a new or empty directory (or remove it first)`;
}

/** A clear answer for a file no GitHub issue could hold, read no further than needed to tell. */
async function checkPlanSize(path: string, name: string): Promise<string | null> {
  const size = (await stat(path)).size;
  if (size > MAX_PLAN_BYTES) {
    return `${name} is ${size.toLocaleString("en")} bytes; a plan must fit a GitHub issue body (${MAX_PLAN_CHARACTERS.toLocaleString("en")} characters). Split it into several plans.`;
  }
  const characters = [...decodePlanBytes(await readFile(path)).text].length;
  return characters > MAX_PLAN_CHARACTERS
    ? `${name} has ${characters.toLocaleString("en")} characters; a GitHub issue body holds at most ${MAX_PLAN_CHARACTERS.toLocaleString("en")}. Split it into several plans.`
    : null;
}

function readArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "stop-after": { type: "string" },
      json: { type: "boolean" },
      faults: { type: "string" },
      seed: { type: "string" },
      replicas: { type: "string" },
      "settle-timeout": { type: "string" },
      agent: { type: "string" },
      keep: { type: "string" },
      mode: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || positionals[0] === "-") throw new Error("give exactly one FILE");
  const agent = values.agent === undefined ? null : parseAgentChoice(values.agent);
  if (agent !== null && values["stop-after"] !== undefined)
    throw new Error("--agent runs the plan to the end; leave out --stop-after");
  const stage = values["stop-after"] ?? "plan";
  if (!STAGES.some((known) => known === stage)) {
    throw new Error(`--stop-after: '${stage}' is not a stage; the stages so far: ${STAGES.join(", ")}`);
  }
  if (values.keep?.trim() === "") throw new Error("--keep needs a directory, e.g. --keep demo-run");
  const modeText = values.mode ?? "app";
  const mode = SIMULATION_MODES.find((known) => known === modeText);
  if (mode === undefined) throw new Error(`--mode must be app or actions, got '${modeText}'`);
  if (mode === "actions" && values.replicas !== undefined)
    throw new Error("--replicas runs copies of the app; with --mode actions there is no app to copy");
  const seedText = values.seed ?? "0";
  if (!/^\d+$/.test(seedText)) throw new Error(`--seed must be a whole number, got '${seedText}'`);
  if (values.faults !== undefined) {
    try {
      parseFaultSpec(values.faults);
    } catch (error) {
      if (error instanceof FaultSpecError) throw new Error(`--faults: ${error.message}`);
      throw error;
    }
  }
  const replicasText = values.replicas ?? "1";
  const replicas = Number(replicasText);
  if (!/^\d+$/.test(replicasText) || replicas < 1 || replicas > MAX_REPLICAS)
    throw new Error(`--replicas must be a whole number from 1 to ${MAX_REPLICAS}, got '${replicasText}'`);
  // Unset: the default, which for a plan set up without an agent depends on its size.
  const settleText =
    values["settle-timeout"] ?? (agent === null ? null : String(DEFAULT_AGENT_SETTLE_SECONDS));
  const settleSeconds = settleText === null ? null : Number(settleText);
  if (settleText !== null && (!/^\d+(\.\d+)?$/.test(settleText) || (settleSeconds ?? 0) <= 0))
    throw new Error(`--settle-timeout must be a number of seconds above 0, got '${settleText}'`);
  return {
    agent,
    mode,
    replicas,
    settleSeconds,
    file: positionals[0] ?? "",
    json: values.json === true,
    faults: values.faults,
    seed: Number(seedText),
    keep: values.keep ?? null,
  };
}
