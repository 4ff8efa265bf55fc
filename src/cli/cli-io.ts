/** What a CLI command may touch; tests pass their own to capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as text, reading at most `maxBytes` + 1 bytes so that too much can be told apart. */
  readStdin: (maxBytes: number) => Promise<string>;
  cwd: string;
  /** what stdout is when it is a terminal (live output redraws there); absent: a log or a pipe */
  terminal?: { readonly isTTY: boolean; readonly columns: number | undefined };
  /** Long-running commands register their clean shutdown here (Ctrl-C, SIGTERM). */
  onStop: (handler: () => void) => void;
}

export type CliCommand = {
  summary: string;
  usage: string;
  run: (args: string[], io: CliIo) => Promise<number>;
};

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;
