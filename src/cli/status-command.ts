import { parseArgs } from "node:util";
import { CliFailure } from "./cli-failure.ts";
import { type CliCommand, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { openPlanOnGitHub } from "./open-plan-on-github.ts";
import { parseRepositoryReference } from "./parse-repository-reference.ts";
import { GITHUB_OPTIONS, GITHUB_OPTIONS_USAGE, readGitHubOptions } from "./read-github-options.ts";
import { readPlanStatus } from "./read-plan-status.ts";
import { renderPlanStatus } from "./render-plan-status.ts";
import { runGuarded } from "./run-guarded.ts";

const STATUS_USAGE = `Usage: foreman status OWNER/REPO#N [--json] [--api-url URL] [--app SLUG]

Prints the task table of plan #N as GitHub shows it: each task's state, issue, PR, checks, attempts
and cost (from the attempts' reports), with the plan's totals.
  --json          one JSON object: plan, tasks (with each attempt), totals
${GITHUB_OPTIONS_USAGE}
Exit status: 0 printed, 1 GitHub refused or the plan does not exist, 2 usage error.`;

export const statusCommand: CliCommand = {
  summary: "print a plan's task table from GitHub (states, PRs, checks, attempts, cost)",
  usage: STATUS_USAGE,
  run: (args, io) =>
    runGuarded("status", STATUS_USAGE, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        options: { ...GITHUB_OPTIONS, json: { type: "boolean" } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 1) throw new CliFailure("give exactly one OWNER/REPO#N", EXIT_USAGE);
      const reference = parseRepositoryReference(positionals[0], "plan");
      const { connection, appSlug } = readGitHubOptions(values);
      const status = await readPlanStatus(await openPlanOnGitHub(connection, reference, appSlug));
      io.stdout(values.json ? `${JSON.stringify(status, null, 2)}\n` : renderPlanStatus(status));
      return EXIT_OK;
    }),
};
