import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "@foreman/local-github";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { parsePlan } from "../core/graph/parse-plan.ts";
import { transitiveReduction } from "../core/graph/transitive-reduction.ts";
import { loadExample } from "../demo/load-example.ts";
import { parseAgentChoice } from "../sim/simulate/agents/parse-agent-choice.ts";
import { findMissingSetup } from "../sim/simulate/find-missing-setup.ts";
import type { SimulationSummary } from "../sim/simulate/read-simulation-summary.ts";
import { renderSimulationSummary } from "../sim/simulate/render-simulation-summary.ts";
import { runSimulation, SettleTimeout, type SimulationOptions } from "../sim/simulate/run-simulation.ts";
import type { SimulationMode } from "../sim/simulate/start-foreman-host.ts";
import { type CliCommand, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { validateCommand } from "./plan-command.ts";
import { simulateScenario } from "./simulate-scenario.ts";

const MAX_REPLICAS = 5;
const DEFAULT_SETTLE_SECONDS = 120;
/** A whole run, every attempt a real job with Claude Code, takes minutes, not seconds. */
const DEFAULT_AGENT_SETTLE_SECONDS = 2400;
const SIMULATE_USAGE = `Usage: foreman simulate FILE|EXAMPLE-DIR [--agent AGENT | --stop-after plan] [--json] [--faults SPEC] [--seed N] [--replicas N] [--settle-timeout SECONDS] [--mode app|actions]
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
  --json              one JSON object: plan, tasks, links, requests, webhooks, duplicates
  --faults SPEC       inject faults, e.g. "api=5xx:0.05;webhooks=dup:0.3,drop:0.1" (see foreman emulator)
  --seed N            seed of the fault sequence (default 0)
  --replicas N        run N copies of the app behind one registration, each getting every delivery (1-${MAX_REPLICAS})
  --settle-timeout S  how long the app may work before the result is read (default ${DEFAULT_SETTLE_SECONDS} s)
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
    const tasks = parsePlan(markdown).tasks;
    let agent: SimulationOptions["agent"];
    if (parsed.agent !== null) {
      agent = {
        agent: parsed.agent,
        tasks: new Map(tasks.map((task) => [task.id, task])),
        env: process.env,
        ...(example === null ? {} : { files: example.files, sessions: example.sessions }),
      };
    }
    let summary: SimulationSummary;
    let timedOut: string | null = null;
    try {
      summary = await runSimulation({
        planMarkdown: markdown,
        taskOrder: tasks.map((task) => task.id),
        ...(parsed.faults === undefined ? {} : { faults: parsed.faults }),
        seed: parsed.seed,
        replicas: parsed.replicas,
        mode: parsed.mode,
        settleTimeoutMs: parsed.settleSeconds * 1000,
        ...(agent === undefined ? {} : { agent }),
      });
    } catch (error) {
      if (!(error instanceof SettleTimeout)) throw error;
      summary = error.summary;
      timedOut = `the app was still working after ${parsed.settleSeconds} s (${error.message}); a longer --settle-timeout may let it finish`;
    }
    io.stdout(parsed.json ? `${JSON.stringify(summary)}\n` : renderSimulationSummary(summary));
    if (summary.tasks.length === 0 && timedOut === null) {
      const reasons = summary.problems.length > 0 ? `:\n${summary.problems.join("\n")}` : ".";
      io.stderr(`foreman simulate: nothing was created; Foreman did not start the plan${reasons}\n`);
      return EXIT_INVALID_INPUT;
    }
    const gaps = findMissingSetup(summary, {
      taskIds: tasks.map((task) => task.id),
      blockedBy: transitiveReduction(tasks),
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
  const settleText =
    values["settle-timeout"] ??
    String(agent === null ? DEFAULT_SETTLE_SECONDS : DEFAULT_AGENT_SETTLE_SECONDS);
  const settleSeconds = Number(settleText);
  if (!/^\d+(\.\d+)?$/.test(settleText) || settleSeconds <= 0)
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
  };
}
