import { readFile } from "node:fs/promises";
import { ADMIN_LOGIN, BareRepo, type Emulator } from "@foreman/local-github";

/** The task workflow users install (README, `foreman init`): the simulated repository gets the same file. */
const TASK_WORKFLOW = new URL("../../../templates/workflows/foreman-task.yml", import.meta.url);
export const TASK_WORKFLOW_PATH = ".github/workflows/foreman-task.yml";

/**
 * Seeds `fullName` on the local GitHub and installs Foreman as a user would: the task workflow from
 * `templates/workflows/`, committed on the default branch. With `files` (an example's `repository/`)
 * the first commit's contents are replaced by them, their CI workflow included, so the required check
 * `test` runs the example's own tests.
 */
export async function installSimulationRepository(
  emulator: Emulator,
  fullName: string,
  options: { files?: Readonly<Record<string, string>> } = {},
): Promise<{ gitDir: string; defaultBranch: string }> {
  const { gitDir, defaultBranch } = await emulator.seedRepository(fullName);
  const git = await BareRepo.open(gitDir);
  try {
    const changes: Record<string, string | null> = {};
    if (options.files !== undefined) {
      for (const path of await listFiles(git, defaultBranch, "")) changes[path] = null;
      Object.assign(changes, options.files);
    }
    changes[TASK_WORKFLOW_PATH] = await readFile(TASK_WORKFLOW, "utf8");
    await git.commitFiles({
      branch: defaultBranch,
      files: changes,
      message:
        options.files === undefined
          ? "Install Foreman's task workflow"
          : "The example, with Foreman's task workflow",
      author: { name: ADMIN_LOGIN, email: `${ADMIN_LOGIN}@users.noreply.github.com` },
    });
  } finally {
    await git.close();
  }
  return { gitDir, defaultBranch };
}

async function listFiles(git: BareRepo, ref: string, path: string): Promise<string[]> {
  const entries = (await git.listDirectory(ref, path)) ?? [];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.type === "dir") files.push(...(await listFiles(git, ref, entry.path)));
    else files.push(entry.path);
  }
  return files;
}
