import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ADMIN_LOGIN, type Emulator } from "@foreman/local-github";

const run = promisify(execFile);

/** The task workflow users install (README, `foreman init`): the simulated repository gets the same file. */
const TASK_WORKFLOW = new URL("../../../templates/workflows/foreman-task.yml", import.meta.url);
export const TASK_WORKFLOW_PATH = ".github/workflows/foreman-task.yml";

/**
 * Seeds `fullName` on the local GitHub and installs Foreman as a user would, by pushing a commit over
 * git's HTTP protocol as the repository's owner: the task workflow from `templates/workflows/` and,
 * with `files` (an example's `repository/`), those files in place of the seeded ones — their CI
 * workflow included, so the required check `test` runs the example's own tests.
 */
export async function installSimulationRepository(
  emulator: Emulator,
  fullName: string,
  options: { files?: Readonly<Record<string, string>> } = {},
): Promise<{ defaultBranch: string }> {
  const { defaultBranch } = await emulator.seedRepository(fullName);
  const root = await mkdtemp(join(tmpdir(), "foreman-install-"));
  try {
    const remote = new URL(`/${fullName}.git`, emulator.url);
    remote.username = "x-access-token";
    remote.password = emulator.token;
    const checkout = join(root, "checkout");
    const env = {
      ...process.env,
      HOME: root,
      GIT_TERMINAL_PROMPT: "0",
      GIT_AUTHOR_NAME: ADMIN_LOGIN,
      GIT_AUTHOR_EMAIL: `${ADMIN_LOGIN}@users.noreply.github.com`,
      GIT_COMMITTER_NAME: ADMIN_LOGIN,
      GIT_COMMITTER_EMAIL: `${ADMIN_LOGIN}@users.noreply.github.com`,
    };
    const git = (...args: string[]) => run("git", args, { cwd: checkout, env });
    await run("git", ["clone", "--quiet", remote.href, checkout], { env });
    const files: Record<string, string> = { ...options.files };
    if (options.files !== undefined) await git("rm", "-r", "--quiet", ".");
    files[TASK_WORKFLOW_PATH] = await readFile(TASK_WORKFLOW, "utf8");
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(checkout, path)), { recursive: true });
      await writeFile(join(checkout, path), content);
    }
    await git("add", "--all");
    await git(
      "commit",
      "--quiet",
      "-m",
      options.files === undefined
        ? "Install Foreman's task workflow"
        : "The example, with Foreman's task workflow",
    );
    await git("push", "--quiet", "origin", `HEAD:${defaultBranch}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { defaultBranch };
}
