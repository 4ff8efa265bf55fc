import { execFile } from "node:child_process";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { CONFIG_PATH } from "../core/config/config-schema.ts";
import { CliFailure } from "./cli-failure.ts";
import { type CliCommand, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { renderConfigFile } from "./render-config-file.ts";
import { runGuarded } from "./run-guarded.ts";

const WORKFLOW_PATH = ".github/workflows/foreman-task.yml";
const WORKFLOW_TEMPLATE = new URL("../../templates/workflows/foreman-task.yml", import.meta.url);

const INIT_USAGE = `Usage: foreman init [DIR] [--force]

Sets up Foreman in a repository checkout (DIR, default the current directory): writes
  ${WORKFLOW_PATH}   the workflow Foreman dispatches for each task attempt
  ${CONFIG_PATH}                every setting at its default, each with what it does
then prints the steps left to do on GitHub.
  --force   overwrite those files when they exist (without it, nothing is written)
Exit status: 0 written, 1 a file exists (or DIR cannot be written), 2 usage error.`;

export const initCommand: CliCommand = {
  summary: "write Foreman's task workflow and a documented config into a repository",
  usage: INIT_USAGE,
  run: (args, io) =>
    runGuarded("init", INIT_USAGE, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        options: { force: { type: "boolean" } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 1) throw new CliFailure("give at most one DIR", EXIT_USAGE);
      const root = resolve(io.cwd, positionals[0] ?? ".");
      await requireDirectory(root, positionals[0] ?? ".");
      const workflow = await readFile(WORKFLOW_TEMPLATE, "utf8");
      const files = [
        {
          path: WORKFLOW_PATH,
          content: workflow,
          what: "the workflow Foreman dispatches for each task attempt",
        },
        { path: CONFIG_PATH, content: renderConfigFile(), what: "Foreman's settings, every key documented" },
      ];
      const existing = (
        await Promise.all(
          files.map(async (file) => ((await exists(join(root, file.path))) ? file.path : null)),
        )
      ).filter((path) => path !== null);
      if (existing.length > 0 && !values.force) {
        throw new CliFailure(
          `${existing.join(" and ")} ${existing.length === 1 ? "exists" : "exist"} already; nothing was written. Run \`foreman init --force\` to overwrite, or compare with \`foreman init\` in an empty directory.`,
        );
      }
      for (const file of files) {
        await mkdir(dirname(join(root, file.path)), { recursive: true });
        await writeFile(join(root, file.path), file.content);
      }
      const width = Math.max(...files.map((file) => file.path.length));
      for (const file of files) {
        const verb = existing.includes(file.path) ? "Overwrote" : "Wrote";
        io.stdout(`${verb} ${file.path.padEnd(width)}  ${file.what}\n`);
      }
      io.stdout(`\n${nextSteps(secretsOf(workflow), await guessRepository(root))}`);
      return EXIT_OK;
    }),
};

async function requireDirectory(path: string, shown: string): Promise<void> {
  const found = await stat(path).catch(() => null);
  if (!found)
    throw new CliFailure(`'${shown}' does not exist; give the directory of your repository's checkout.`);
  if (!found.isDirectory())
    throw new CliFailure(`'${shown}' is not a directory; give the directory of your repository's checkout.`);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** The secrets the workflow reads (`secrets.NAME`), so the steps name exactly those. */
function secretsOf(workflow: string): string[] {
  const names = [...workflow.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] ?? "");
  return [...new Set(names)].filter((name) => name !== "" && name !== "GITHUB_TOKEN");
}

/** OWNER/REPO from the checkout's `origin`, when it points at a GitHub-style URL. */
async function guessRepository(root: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)("git", ["-C", root, "remote", "get-url", "origin"], {
      timeout: 5000,
    });
    const match = /[/:]([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(stdout.trim());
    return match ? `${match[1]}/${match[2]}` : null;
  } catch {
    return null;
  }
}

function nextSteps(secrets: string[], repository: string | null): string {
  const name = repository ?? "OWNER/REPO";
  const secretStep =
    secrets.length === 0
      ? []
      : [
          `Add the repository secret${secrets.length === 1 ? "" : "s"} ${secrets.map((secret) => `\`${secret}\``).join(", ")} (Settings → Secrets and variables → Actions, or \`gh secret set ${secrets[0]}\`).`,
        ];
  const steps = [
    `Commit and push both files to the default branch: \`git add .github && git commit -m "Set up Foreman" && git push\`.`,
    "Install the Foreman GitHub App on the repository (register it from app.yml: `npm start` without APP_ID walks you through it).",
    ...secretStep,
    "Require your CI's check on the default branch (a ruleset or branch protection): Foreman merges only what those checks pass.",
    `Check the setup: \`GITHUB_TOKEN=$(gh auth token) npx foreman doctor ${name}\`.`,
    "Write a plan in an issue and add the `foreman` label (or comment `/foreman start`).",
  ];
  return `Next:\n${steps.map((step, index) => `  ${index + 1}. ${step}`).join("\n")}\n`;
}
