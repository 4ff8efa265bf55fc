import { retryTransient } from "../github/retry-transient.ts";
import type { Git } from "./run-git.ts";

/** git's words for an HTTP exchange that got no answer: Octokit counts those as a 500 too. */
const NO_ANSWER =
  /RPC failed|early EOF|remote end hung up|Empty reply from server|Connection reset|Failed to connect|Operation timed out|Could not resolve host/i;

/**
 * A git command that talks to GitHub (fetch, push), sent again under Foreman's retry policy when it met
 * a server error (`The requested URL returned error: 502`) or no answer. Both are safe to repeat: a
 * fetch changes nothing remote, and pushing the same commit again finds the branch already there. Any
 * other failure (a refused push, a branch that does not exist) is final: it throws, or with
 * `allowFailure` is returned as not ok.
 */
export async function transferWithRetries(
  git: Git,
  args: readonly string[],
  options: { log: (line: string) => void; allowFailure?: boolean },
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const final = { failure: null as null | { ok: boolean; stdout: string; stderr: string } };
  try {
    return await retryTransient(async () => {
      const result = await git(args, { allowFailure: true });
      if (result.ok) return result;
      const error: Error & { status?: number } = new Error(
        `git ${args[0] ?? ""} failed: ${result.stderr.trim() || "no message"}`,
      );
      const status = /returned error: (\d{3})/.exec(result.stderr)?.[1];
      if (status !== undefined) error.status = Number(status);
      else if (NO_ANSWER.test(result.stderr)) error.status = 500;
      final.failure = result;
      throw error;
    }, options.log);
  } catch (error) {
    if (options.allowFailure && final.failure !== null) return final.failure;
    throw error;
  }
}
