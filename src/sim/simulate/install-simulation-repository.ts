import { readFile } from "node:fs/promises";
import type { Emulator } from "@foreman/local-github";
import { pushRepositoryFiles } from "./push-repository-files.ts";

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
  await pushRepositoryFiles(emulator, fullName, {
    files: { ...options.files, [TASK_WORKFLOW_PATH]: await readFile(TASK_WORKFLOW, "utf8") },
    replace: options.files !== undefined,
    message:
      options.files === undefined
        ? "Install Foreman's task workflow"
        : "The example, with Foreman's task workflow",
  });
  return { defaultBranch };
}
