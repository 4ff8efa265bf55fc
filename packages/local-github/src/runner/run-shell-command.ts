import { spawn } from "node:child_process";

export interface ShellCommandResult {
  /** null when the shell was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
}

/** How long a process group gets between SIGTERM and SIGKILL when a command is stopped. */
const KILL_GRACE_MS = 1000;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone: everything in it has exited.
  }
}

/**
 * Runs `command` with `bash -c` in its own process group, so that a timeout, a cancellation, or the end
 * of the command can stop everything it started (as a CI runner does when a job ends): processes left
 * behind in the background would otherwise keep the output pipes, and the caller, waiting.
 */
export function runShellCommand(options: {
  command: string;
  cwd: string;
  env: Record<string, string>;
  onOutput: (chunk: Buffer, stream: "stdout" | "stderr") => void;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<ShellCommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let timedOut = false;
    let cancelled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const timers: NodeJS.Timeout[] = [];
    const stop = () => {
      if (child.pid === undefined || exit) return;
      const pid = child.pid;
      signalGroup(pid, "SIGTERM");
      timers.push(setTimeout(() => signalGroup(pid, "SIGKILL"), KILL_GRACE_MS));
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs),
      );
    }
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => options.onOutput(chunk, "stdout"));
    child.stderr.on("data", (chunk: Buffer) => options.onOutput(chunk, "stderr"));
    child.on("error", (error) => {
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(
        new Error(`could not start bash in ${options.cwd}: ${error.message}; is bash installed and on PATH?`),
      );
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      // Background processes the command left behind end with it, and release the output pipes.
      if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
    });
    child.on("close", () => {
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        cancelled,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}
