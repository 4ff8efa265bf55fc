import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GitRunOptions {
  /** Directory git runs in: a bare repository or a work tree. */
  cwd: string;
  /** Written to git's standard input, which is closed afterwards. */
  input?: string | Buffer;
  /** Extra variables (author identity, GIT_INDEX_FILE…) on top of the isolated base environment. */
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (`merge-base --is-ancestor` exits 1 for "no"). */
  okExitCodes?: number[];
}

export interface GitRunResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** A git command exited with a code the caller did not expect; the message carries git's own words. */
export class GitCommandError extends Error {
  readonly args: string[];
  readonly cwd: string;
  readonly exitCode: number;
  readonly stderr: string;

  constructor(args: string[], cwd: string, exitCode: number, stderr: string) {
    super(`git ${args.join(" ")} (in ${cwd}) exited with ${exitCode}: ${stderr.trim() || "no error output"}`);
    this.name = "GitCommandError";
    this.args = args;
    this.cwd = cwd;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/**
 * A HOME that is never created: git then finds no ~/.gitconfig, XDG config, attributes or credentials,
 * and nothing is left behind to clean up. Identities are always passed explicitly instead.
 */
const ABSENT_HOME = join(tmpdir(), "foreman-git-absent-home");

/**
 * The environment every git call gets: built from scratch rather than inherited, because an inherited
 * GIT_DIR/GIT_INDEX_FILE (tests started from a git hook) or a user's global config would change what
 * git does to our repositories.
 */
export function isolatedGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: ABSENT_HOME,
    XDG_CONFIG_HOME: ABSENT_HOME,
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_NO_REPLACE_OBJECTS: "1",
    ...extra,
  };
}

/** Runs the system git with an argument vector (never a shell) and an isolated environment. */
export function runGit(args: string[], options: GitRunOptions): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: options.cwd,
        env: isolatedGitEnv(options.env),
        encoding: "buffer",
        maxBuffer: MAX_OUTPUT_BYTES,
      },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString("utf8");
        if (error && typeof error.code !== "number") {
          const hint =
            error.code === "ENOENT"
              ? `; does ${options.cwd} exist, and is git (2.38 or later) installed and on PATH?`
              : `; stderr: ${stderrText.trim()}`;
          reject(new Error(`could not run git ${args.join(" ")} in ${options.cwd}: ${error.message}${hint}`));
          return;
        }
        const exitCode = error ? Number(error.code) : 0;
        if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
          reject(new GitCommandError(args, options.cwd, exitCode, stderrText));
          return;
        }
        resolve({ stdout, stderr: stderrText, exitCode });
      },
    );
    // git may exit before reading all of its input (e.g. on a bad argument); that is reported by the exit code.
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input);
  });
}

/** Runs git and returns its standard output as text without the trailing newline. */
export async function gitText(args: string[], options: GitRunOptions): Promise<string> {
  const { stdout } = await runGit(args, options);
  return stdout.toString("utf8").replace(/\n$/, "");
}
