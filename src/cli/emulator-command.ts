import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "../sim/emulator/fault-plan.ts";
import { type CliCommand, type CliIo, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";

/** The emulator could not start (port taken, unreadable data directory); cli-io's status 1. */
const EXIT_FAILURE = EXIT_INVALID_INPUT;

const EMULATOR_USAGE = `Usage: foreman emulator [--port N] [--repo OWNER/NAME]... [--data DIR] [--faults SPEC] [--seed N]

Runs a local GitHub: the REST API (checked against GitHub's OpenAPI description), real git repositories,
signed webhooks, a local runner and a local CI. Stops on Ctrl-C.
  --port N            port on 127.0.0.1 (default 0: any free port)
  --repo OWNER/NAME   seed a repository: README, a node --test suite, .github/workflows/foreman-task.yml
                      (repeatable)
  --data DIR          keep state and git repositories in DIR and load them again on the next start
                      (default: a temporary directory removed on exit)
  --faults SPEC       inject faults, e.g. "api=5xx:0.05,ratelimit:0.02,latency:20;webhooks=dup:0.3,drop:0.1"
  --seed N            seed of the fault sequence (default 0): the same seed replays the same faults
Prints "GitHub emulator listening on URL" and "token: TOKEN" (an admin token for @octokit/rest).
Exit status: 0 after a clean stop, 1 when it cannot start (port in use, unreadable --data), 2 usage error.`;

type ParsedOptions =
  | {
      kind: "ok";
      port: number;
      repos: string[];
      dataDir: string | undefined;
      faults: string | undefined;
      seed: number;
    }
  | { kind: "usage"; message: string };

function parseWholeNumber(text: string, name: string, max: number): number | string {
  if (!/^\d+$/.test(text) || Number(text) > max)
    return `${name} must be a whole number from 0 to ${max}, got '${text}'`;
  return Number(text);
}

function readOptions(args: string[], cwd: string): ParsedOptions {
  let values: { port?: string; repo?: string[]; data?: string; faults?: string; seed?: string };
  try {
    const parsed = parseArgs({
      args,
      options: {
        port: { type: "string" },
        repo: { type: "string", multiple: true },
        data: { type: "string" },
        faults: { type: "string" },
        seed: { type: "string" },
      },
      allowPositionals: false,
      strict: true,
    });
    values = parsed.values;
  } catch (error) {
    return { kind: "usage", message: error instanceof Error ? error.message : String(error) };
  }
  const port = parseWholeNumber(values.port ?? "0", "--port", 65535);
  if (typeof port === "string") return { kind: "usage", message: port };
  const seed = parseWholeNumber(values.seed ?? "0", "--seed", 2 ** 32 - 1);
  if (typeof seed === "string") return { kind: "usage", message: seed };
  const repos = values.repo ?? [];
  const badRepo = repos.find((repo) => !/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(repo));
  if (badRepo !== undefined)
    return { kind: "usage", message: `--repo wants OWNER/NAME (e.g. acme/demo), got '${badRepo}'` };
  if (values.faults !== undefined) {
    try {
      parseFaultSpec(values.faults);
    } catch (error) {
      if (error instanceof FaultSpecError) return { kind: "usage", message: `--faults: ${error.message}` };
      throw error;
    }
  }
  return {
    kind: "ok",
    port,
    repos,
    dataDir: values.data === undefined ? undefined : resolve(cwd, values.data),
    faults: values.faults,
    seed,
  };
}

async function runEmulator(args: string[], io: CliIo): Promise<number> {
  const options = readOptions(args, io.cwd);
  if (options.kind === "usage") {
    io.stderr(`foreman emulator: ${options.message}\n\n${EMULATOR_USAGE}\n`);
    return EXIT_USAGE;
  }
  // Registered before the (slow) start so an early Ctrl-C still closes what was started.
  let stopRequested = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolveStop) => {
    wake = resolveStop;
  });
  io.onStop(() => {
    stopRequested = true;
    wake();
  });
  const { startEmulator } = await import("../sim/emulator/start-emulator.ts");
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port: options.port,
      repos: options.repos,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.faults === undefined ? {} : { faults: options.faults, seed: options.seed }),
    });
  } catch (error) {
    // A busy port or an unreadable data directory: say so plainly, there is nothing to close yet.
    io.stderr(
      `foreman emulator: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
  io.stdout(`GitHub emulator listening on ${emulator.url}\ntoken: ${emulator.token}\n`);
  if (!stopRequested) await stopped;
  await emulator.close();
  return EXIT_OK;
}

export const emulatorCommand: CliCommand = {
  summary: "run a local GitHub (REST API, git, webhooks, runner, CI) for tests and demos",
  usage: EMULATOR_USAGE,
  run: runEmulator,
};
