import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "@foreman/local-github";
import { renderDraftScenarioSummary } from "../sim/simulate/render-draft-scenario-summary.ts";
import { runDraftScenario } from "../sim/simulate/run-draft-scenario.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";

const SCENARIOS = ["draft"] as const;

const USAGE = `Usage: foreman simulate --scenario draft [--json] [--faults SPEC] [--seed N]

  draft   a writer opens an issue with only a goal and comments /foreman draft, answers the questions
          and comments /foreman accept; the model is a local fake Messages API whose first draft the
          compiler rejects. Prints the usual summary of the plan's child issues, and what the planner did.`;

/** `foreman simulate --scenario NAME`: a scripted story through the local GitHub and the real app. */
export async function simulateScenario(args: string[], io: CliIo): Promise<number> {
  let parsed: { json: boolean; faults?: string; seed: number };
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        scenario: { type: "string" },
        json: { type: "boolean" },
        faults: { type: "string" },
        seed: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (!SCENARIOS.some((known) => known === values.scenario)) {
      throw new Error(
        `--scenario: '${values.scenario ?? ""}' is not a scenario; the scenarios: ${SCENARIOS.join(", ")}`,
      );
    }
    if (positionals.length > 0) throw new Error("--scenario takes no FILE");
    const seed = values.seed ?? "0";
    if (!/^\d+$/.test(seed)) throw new Error(`--seed must be a whole number, got '${seed}'`);
    if (values.faults !== undefined) parseFaultSpec(values.faults);
    parsed = {
      json: values.json === true,
      seed: Number(seed),
      ...(values.faults === undefined ? {} : { faults: values.faults }),
    };
  } catch (error) {
    const message =
      error instanceof FaultSpecError
        ? `--faults: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    io.stderr(`foreman simulate: ${message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const summary = await runDraftScenario(parsed);
  io.stdout(parsed.json ? `${JSON.stringify(summary)}\n` : renderDraftScenarioSummary(summary));
  return EXIT_OK;
}
