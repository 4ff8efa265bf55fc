import { type CliIo, EXIT_USAGE } from "./cli-io.ts";
import { describeFailure } from "./describe-failure.ts";

/**
 * A command's body with its failures reported the one way: `foreman NAME: message` on stderr, the
 * usage after a usage error, the exit status from the failure, and never a stack trace.
 */
export async function runGuarded(
  name: string,
  usage: string,
  io: CliIo,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(
      `foreman ${name}: ${failure.message}\n${failure.exitCode === EXIT_USAGE ? `\n${usage}\n` : ""}`,
    );
    return failure.exitCode;
  }
}
