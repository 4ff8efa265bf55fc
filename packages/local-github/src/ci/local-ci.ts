import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BareRepo } from "../git/bare-repo.ts";
import { cloneAtCommit } from "../git/clone-at-commit.ts";
import { runShellCommand } from "../runner/run-shell-command.ts";

export interface CiResult {
  conclusion: "success" | "failure" | "timed_out";
  output: string;
  durationMs: number;
}

/** Check-run output is for people reading the end of a log; GitHub caps it at 64 KiB too. */
export const CI_OUTPUT_LIMIT_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** Keeps the last `limit` bytes of what a command printed, in order, with a note of what was dropped. */
function outputTail(limit: number): { push: (chunk: Buffer) => void; text: () => string } {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      kept += chunk.length;
      while (kept - (chunks[0]?.length ?? 0) >= limit && chunks.length > 1) {
        const first = chunks.shift();
        kept -= first?.length ?? 0;
        dropped += first?.length ?? 0;
      }
    },
    text() {
      let bytes = Buffer.concat(chunks);
      if (bytes.length > limit) {
        dropped += bytes.length - limit;
        bytes = bytes.subarray(bytes.length - limit);
      }
      // Never start in the middle of a UTF-8 character: skip continuation bytes (10xxxxxx).
      let start = 0;
      while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
      dropped += start;
      const body = bytes.subarray(start).toString("utf8");
      return dropped > 0 ? `[… output truncated: the first ${dropped} bytes were dropped …]\n${body}` : body;
    },
  };
}

/**
 * Runs `command` (e.g. `npm test`) with `bash -c` in a clean temporary clone of `repo` at `sha`, as a
 * required check would: environment `CI=true`, the caller's PATH and a fresh HOME, nothing else. The
 * combined output is kept (its last 64 KiB); past `timeoutMs` (default 10 minutes) the whole process
 * group is killed and the result is `timed_out`. Installing dependencies is the command's business.
 */
export async function runCiCheck(options: {
  repo: BareRepo;
  sha: string;
  command: string;
  timeoutMs?: number;
}): Promise<CiResult> {
  const started = performance.now();
  const root = await mkdtemp(join(tmpdir(), "foreman-ci-"));
  try {
    const checkout = join(root, "checkout");
    const home = join(root, "home");
    await mkdir(home);
    await cloneAtCommit({ repo: options.repo, sha: options.sha, dir: checkout });
    const tail = outputTail(CI_OUTPUT_LIMIT_BYTES);
    const result = await runShellCommand({
      command: options.command,
      cwd: checkout,
      env: { CI: "true", PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", HOME: home },
      onOutput: (chunk) => tail.push(chunk),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    let output = tail.text();
    if (result.timedOut)
      output += `\n[timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms; killed]\n`;
    const conclusion = result.timedOut ? "timed_out" : result.exitCode === 0 ? "success" : "failure";
    return { conclusion, output, durationMs: Math.round(performance.now() - started) };
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}
