import type { Git } from "./run-git.ts";

/**
 * Pushes the task branch with the App installation token (pushes made with the job's GITHUB_TOKEN
 * start no CI). The token goes to git as an HTTP header through the environment, never on a command
 * line or into .git/config; a local remote (the local GitHub's repositories) needs none.
 */
export async function pushTaskBranch(
  git: Git,
  options: { branch: string; token: string; serverUrl: string },
): Promise<void> {
  const remote = (await git(["remote", "get-url", "origin"])).stdout.trim();
  const env: Record<string, string> = {};
  if (/^https?:\/\//.test(remote)) {
    const origin = new URL(remote).origin;
    const basic = Buffer.from(`x-access-token:${options.token}`).toString("base64");
    Object.assign(env, {
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    });
  }
  await git(["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`], { env });
}
