import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "@foreman/local-github";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { parsePlan } from "../core/graph/parse-plan.ts";
import { renderSimulationSummary } from "../sim/simulate/render-simulation-summary.ts";
import { runSimulation } from "../sim/simulate/run-simulation.ts";
import { type CliCommand, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { validateCommand } from "./plan-command.ts";

const SIMULATE_USAGE = `Usage: foreman simulate FILE --stop-after plan [--json] [--faults SPEC] [--seed N]

Runs a plan end to end on this machine: a local GitHub (the emulator) with a seeded repository acme/demo,
the real Foreman app behind real signed webhooks, and a writer who opens FILE as a plan issue and adds
the \`foreman\` label. When everything is quiet, prints what GitHub then holds.
  --stop-after plan   stop once the plan's issues and links are set up (the only stage so far)
  --json              one JSON object: plan, tasks, links, requests, webhooks, duplicates
  --faults SPEC       inject faults, e.g. "api=5xx:0.05;webhooks=dup:0.3,drop:0.1" (see foreman emulator)
  --seed N            seed of the fault sequence (default 0)
Exit status: 0 done, 1 invalid plan (its problems are printed), 2 usage error.`;

const STAGES = ["plan"] as const;

export const simulateCommand: CliCommand = {
  summary: "run a plan against a local GitHub and the real app; print the result",
  usage: SIMULATE_USAGE,
  async run(args, io) {
    let parsed: ReturnType<typeof readArgs>;
    try {
      parsed = readArgs(args);
    } catch (error) {
      io.stderr(
        `foreman simulate: ${error instanceof Error ? error.message : String(error)}\n\n${SIMULATE_USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    const validity = await validateCommand.run([parsed.file], io);
    if (validity !== EXIT_OK) return validity;
    const markdown = decodePlanBytes(await readFile(resolve(io.cwd, parsed.file))).text;
    const summary = await runSimulation({
      planMarkdown: markdown,
      taskOrder: parsePlan(markdown).tasks.map((task) => task.id),
      ...(parsed.faults === undefined ? {} : { faults: parsed.faults }),
      seed: parsed.seed,
    });
    io.stdout(parsed.json ? `${JSON.stringify(summary)}\n` : renderSimulationSummary(summary));
    return EXIT_OK;
  },
};

function readArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "stop-after": { type: "string" },
      json: { type: "boolean" },
      faults: { type: "string" },
      seed: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || positionals[0] === "-") throw new Error("give exactly one FILE");
  const stage = values["stop-after"] ?? "plan";
  if (!STAGES.some((known) => known === stage)) {
    throw new Error(`--stop-after: '${stage}' is not a stage; the stages so far: ${STAGES.join(", ")}`);
  }
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
  return {
    file: positionals[0] ?? "",
    json: values.json === true,
    faults: values.faults,
    seed: Number(seedText),
  };
}
