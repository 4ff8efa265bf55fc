import { EXIT_INVALID_INPUT } from "./cli-io.ts";

/**
 * A failure the person can act on (no token, no such plan, a file already there): the command
 * prints its message as it is, without a stack trace, and the MCP server returns it as the tool's
 * error text.
 */
export class CliFailure extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_INVALID_INPUT) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = exitCode;
  }
}
