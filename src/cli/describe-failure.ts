import { statusOfError } from "../github/status-of-error.ts";
import { CliFailure } from "./cli-failure.ts";
import { EXIT_INVALID_INPUT, EXIT_USAGE } from "./cli-io.ts";

/** What a person reads when a command fails, and the exit status; never a stack trace. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliFailure) return { message: error.message, exitCode: error.exitCode };
  // node:util parseArgs: an unknown option or a missing value is a usage error.
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    return { message: error.message.split("\n")[0] ?? "invalid arguments", exitCode: EXIT_USAGE };
  }
  const status = statusOfError(error);
  if (status !== undefined) {
    const detail = githubMessage(error);
    const hint =
      status === 403 || status === 404
        ? " The token may lack access: it needs to read (and, to change things, write) this repository."
        : "";
    return {
      message: `GitHub answered ${status}${detail ? `: ${detail}` : ""}.${hint}`,
      exitCode: EXIT_INVALID_INPUT,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected failure: ${message}`, exitCode: EXIT_INVALID_INPUT };
}

function githubMessage(error: unknown): string {
  if (typeof error !== "object" || error === null || !("response" in error)) return "";
  const response = error.response;
  if (typeof response !== "object" || response === null || !("data" in response)) return "";
  const data = response.data;
  return typeof data === "object" && data !== null && "message" in data && typeof data.message === "string"
    ? data.message
    : "";
}
