import { readFileSync } from "node:fs";
import type { CliCommand, CliIo } from "./cli/cli-io.ts";
import { EXIT_OK, EXIT_USAGE } from "./cli/cli-io.ts";

/** Commands load lazily so `foreman plan` does not pay for the emulator's or Probot's start-up. */
const commands: Record<string, () => Promise<CliCommand>> = {
  plan: async () => (await import("./cli/plan-command.ts")).planCommand,
  validate: async () => (await import("./cli/plan-command.ts")).validateCommand,
  simulate: async () => (await import("./cli/simulate-command.ts")).simulateCommand,
  emulator: async () => (await import("./cli/emulator-command.ts")).emulatorCommand,
  init: async () => (await import("./cli/init-command.ts")).initCommand,
  doctor: async () => (await import("./cli/doctor-command.ts")).doctorCommand,
  status: async () => (await import("./cli/status-command.ts")).statusCommand,
  report: async () => (await import("./cli/report-command.ts")).reportCommand,
  mcp: async () => (await import("./cli/mcp-command.ts")).mcpCommand,
  draft: async () => (await import("./cli/draft-command.ts")).draftCommand,
};

function helpText(summaries: Record<string, string>): string {
  const width = Math.max(...Object.keys(summaries).map((name) => name.length));
  const rows = Object.entries(summaries).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: foreman <command> [options]\n       foreman --version\n\nCommands:\n${rows.join("\n")}\n\nRun \`foreman <command> --help\` for a command's options.\n`;
}

async function summaries(): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(commands).map(async ([name, load]) => [name, (await load()).summary] as const),
  );
  return Object.fromEntries(entries);
}

/** The version in package.json, beside `src/` and `dist/` alike. */
function version(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return (manifest as { version?: string }).version ?? "unknown";
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async (maxBytes) => {
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length > maxBytes) break;
      }
      return Buffer.concat(chunks)
        .subarray(0, maxBytes + 1)
        .toString("utf8");
    },
    cwd: process.cwd(),
    terminal: {
      get isTTY() {
        return process.stdout.isTTY === true;
      },
      get columns() {
        return process.stdout.columns;
      },
    },
    onStop: (handler) => {
      process.once("SIGINT", handler);
      process.once("SIGTERM", handler);
    },
  };
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(helpText(await summaries()));
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText(await summaries()));
    return EXIT_OK;
  }
  if (name === "--version" || name === "-v" || name === "-V" || name === "version") {
    io.stdout(`foreman ${version()}\n`);
    return EXIT_OK;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`foreman: unknown command '${name}'.\n\n${helpText(await summaries())}`);
    return EXIT_USAGE;
  }
  const command = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return EXIT_OK;
  }
  return command.run(rest, io);
}
