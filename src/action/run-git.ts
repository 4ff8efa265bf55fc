import { execFile } from "node:child_process";

export type Git = (
  args: readonly string[],
  options?: { allowFailure?: boolean; env?: Record<string, string> },
) => Promise<{ ok: boolean; stdout: string; stderr: string }>;

/**
 * git in the workspace, with Foreman's identity for commits and no prompts. A failing command throws
 * with git's own message unless the caller expects it may fail (`allowFailure`).
 */
export function createGit(
  workspace: string,
  identity: { name: string; email: string },
  authEnv: Record<string, string> = {},
): Git {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      execFile(
        "git",
        ["-c", `user.name=${identity.name}`, "-c", `user.email=${identity.email}`, ...args],
        {
          cwd: workspace,
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            GIT_TERMINAL_PROMPT: "0",
            GIT_AUTHOR_NAME: identity.name,
            GIT_AUTHOR_EMAIL: identity.email,
            GIT_COMMITTER_NAME: identity.name,
            GIT_COMMITTER_EMAIL: identity.email,
            ...authEnv,
            ...options.env,
          },
        },
        (error, stdout, stderr) => {
          if (error && !options.allowFailure) {
            reject(new Error(`git ${args[0] ?? ""} failed: ${stderr.trim() || error.message}`));
            return;
          }
          resolve({ ok: !error, stdout, stderr });
        },
      );
    });
}
