import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BareRepo, type GitIdentity } from "../../src/git/bare-repo.ts";
import { runGit } from "../../src/git/run-git.ts";

export const ALICE: GitIdentity = { name: "Alice Example", email: "alice@example.com" };
export const BOT: GitIdentity = { name: "Merge Bot", email: "merge-bot@example.com" };

/** Temp directories and repositories a test file creates, removed together in afterEach. */
export function tempRepos(): {
  dir: (prefix?: string) => Promise<string>;
  create: (files: Record<string, string>, options?: { defaultBranch?: string }) => Promise<BareRepo>;
  cleanup: () => Promise<void>;
} {
  const dirs: string[] = [];
  const repos: BareRepo[] = [];
  const dir = async (prefix = "foreman-test-") => {
    const made = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(made);
    return made;
  };
  return {
    dir,
    async create(files, options = {}) {
      const repo = await BareRepo.create({
        dir: join(await dir(), "repo.git"),
        files,
        author: ALICE,
        ...(options.defaultBranch ? { defaultBranch: options.defaultBranch } : {}),
      });
      repos.push(repo);
      return repo;
    },
    async cleanup() {
      await Promise.all(repos.splice(0).map((repo) => repo.close()));
      await Promise.all(dirs.splice(0).map((made) => rm(made, { recursive: true, force: true })));
    },
  };
}

/** git in a work tree with a fixed identity, as a developer's clone would run it. */
export async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await runGit(args, {
    cwd,
    env: {
      GIT_AUTHOR_NAME: ALICE.name,
      GIT_AUTHOR_EMAIL: ALICE.email,
      GIT_COMMITTER_NAME: ALICE.name,
      GIT_COMMITTER_EMAIL: ALICE.email,
    },
  });
  return stdout.toString("utf8").trim();
}
