import type { WorkflowJob } from "./local-runner.ts";
import { runShellCommand } from "./run-shell-command.ts";
import { lineSplitter } from "./split-lines.ts";

/**
 * A workflow job made of one `run:` step: `bash -c command` in the workspace with the job's environment,
 * its output streamed into the job log line by line. Exit code 0 is success; cancellation through the
 * context's signal stops the whole process group.
 */
export function commandJob(command: string): WorkflowJob {
  return async (context) => {
    const splitters = { stdout: lineSplitter(context.log), stderr: lineSplitter(context.log) };
    const result = await runShellCommand({
      command,
      cwd: context.workspace,
      env: context.env,
      onOutput: (chunk, stream) => splitters[stream].push(chunk),
      ...(context.signal ? { signal: context.signal } : {}),
    });
    splitters.stdout.flush();
    splitters.stderr.flush();
    if (result.cancelled) {
      context.log("##[error]The operation was canceled.");
      return { conclusion: "cancelled" };
    }
    if (result.exitCode === 0) return { conclusion: "success" };
    const ending =
      result.exitCode === null
        ? `was killed by ${result.signal}`
        : `completed with exit code ${result.exitCode}`;
    context.log(`##[error]Process ${ending}.`);
    return { conclusion: "failure" };
  };
}
