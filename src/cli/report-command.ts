import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CliFailure } from "./cli-failure.ts";
import { type CliCommand, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { parseRepositoryReference } from "./parse-repository-reference.ts";
import { produceReport } from "./produce-report.ts";
import { GITHUB_OPTIONS, GITHUB_OPTIONS_USAGE, readGitHubOptions } from "./read-github-options.ts";
import { runGuarded } from "./run-guarded.ts";

const REPORT_USAGE = `Usage: foreman report OWNER/REPO#N [TASK] [--out FILE] [--api-url URL] [--app SLUG]

Prints plan #N's summary report (markdown: every task with state, issue, PR, checks, attempts and
cost, then the totals), or with TASK that task's report: the report file the Action committed under
the reports directory (on the task's branch, or on the default branch once merged), else one built
from what GitHub shows.
  --out FILE      write the report to FILE instead of printing it
${GITHUB_OPTIONS_USAGE}
Exit status: 0 done, 1 GitHub refused, no such plan or task, 2 usage error.`;

export const reportCommand: CliCommand = {
  summary: "print or write a plan's summary report, or one task's report",
  usage: REPORT_USAGE,
  run: (args, io) =>
    runGuarded("report", REPORT_USAGE, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        options: { ...GITHUB_OPTIONS, out: { type: "string" } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 2) throw new CliFailure("give OWNER/REPO#N and at most one TASK", EXIT_USAGE);
      const reference = parseRepositoryReference(positionals[0], "plan");
      if (values.out?.trim() === "") throw new CliFailure("--out needs a file name", EXIT_USAGE);
      const { connection, appSlug } = readGitHubOptions(values);
      const report = await produceReport(connection, reference, appSlug, positionals[1]);
      if (values.out === undefined) {
        io.stdout(report.markdown);
        return EXIT_OK;
      }
      const target = resolve(io.cwd, values.out);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, report.markdown);
      } catch (error) {
        throw new CliFailure(
          `cannot write '${values.out}': ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      const from = report.kind === "task" && report.location ? ` (from ${report.location})` : "";
      io.stderr(
        `Wrote ${report.kind === "plan" ? "the plan summary" : `${report.task}'s report`}${from} to ${values.out}\n`,
      );
      return EXIT_OK;
    }),
};
