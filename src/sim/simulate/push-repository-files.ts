import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ADMIN_LOGIN, type Emulator } from "@foreman/local-github";

const run = promisify(execFile);

/**
 * One commit on the default branch of `fullName`, pushed over git's HTTP protocol as the repository's
 * owner, as a user installs files: `files` written over the tree, or in place of it with `replace`.
 */
export async function pushRepositoryFiles(
  emulator: Emulator,
  fullName: string,
  options: { files: Readonly<Record<string, string>>; replace: boolean; message: string },
): Promise<void> {
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
    if (options.replace) await git("rm", "-r", "--quiet", ".");
    for (const [path, content] of Object.entries(options.files)) {
      await mkdir(dirname(join(checkout, path)), { recursive: true });
      await writeFile(join(checkout, path), content);
    }
    await git("add", "--all");
    await git("commit", "--quiet", "-m", options.message);
    await git("push", "--quiet", "origin", "HEAD");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
