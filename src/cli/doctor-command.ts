import { parseArgs } from "node:util";
import { CliFailure } from "./cli-failure.ts";
import { type CliCommand, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { diagnoseSetup } from "./diagnose-setup.ts";
import { parseRepositoryReference } from "./parse-repository-reference.ts";
import { readAppCredentials } from "./read-app-credentials.ts";
import { GITHUB_OPTIONS, GITHUB_OPTIONS_USAGE, readGitHubOptions } from "./read-github-options.ts";
import { renderDiagnosis } from "./render-diagnosis.ts";
import { runGuarded } from "./run-guarded.ts";

const DOCTOR_USAGE = `Usage: foreman doctor OWNER/REPO [--json] [--api-url URL] [--app SLUG]

Checks that a repository is ready for Foreman and says what is missing, each with its fix:
  config          .github/foreman.yml on the default branch is valid (or absent: defaults)
  GitHub App      installed on the repository with the permissions and events app.yml asks
                  (checked as the App when APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH are set, as for
                  \`npm start\`; otherwise through the organization's installations, which takes an owner)
  task workflow   on the default branch, valid by GitHub's parser, dispatchable with plan, task, attempt
  required checks the default branch requires checks (rulesets or protection), or the config names them
  merging         merge methods, merge queue and review rules fit the config's \`merge\`
  --json          the findings as JSON
${GITHUB_OPTIONS_USAGE}
Exit status: 0 ready (warnings allowed), 1 something is missing or GitHub refused, 2 usage error.`;

export const doctorCommand: CliCommand = {
  summary: "check a repository's Foreman setup on GitHub and say what is missing",
  usage: DOCTOR_USAGE,
  run: (args, io) =>
    runGuarded("doctor", DOCTOR_USAGE, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        options: { ...GITHUB_OPTIONS, json: { type: "boolean" } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 1) throw new CliFailure("give exactly one OWNER/REPO", EXIT_USAGE);
      const repository = parseRepositoryReference(positionals[0], "repository");
      const { connection, appSlug } = readGitHubOptions(values);
      const diagnosis = await diagnoseSetup(connection, repository, {
        appSlug,
        credentials: await readAppCredentials(process.env),
        now: Date.now(),
      });
      io.stdout(values.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : renderDiagnosis(diagnosis));
      return diagnosis.ready ? EXIT_OK : EXIT_INVALID_INPUT;
    }),
};
