import { open } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliIo } from "./cli-io.ts";

/**
 * The most Foreman reads of a plan file: GitHub takes 65,536 characters in an issue body, which is at most
 * 256 KiB of UTF-8; a margin above that still lets a local file be checked, and `foreman plan /dev/zero`
 * stops here instead of reading until memory runs out.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

export type Input = { kind: "ok"; bytes: Uint8Array } | { kind: "error"; message: string };

/** Reads FILE (or `-` for standard input), at most MAX_INPUT_BYTES. */
export async function readInput(file: string, io: CliIo): Promise<Input> {
  const tooLarge: Input = {
    kind: "error",
    message: `'${file === "-" ? "<stdin>" : file}' is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; a plan must fit in a GitHub issue body (65,536 characters), so Foreman reads no further`,
  };
  if (file === "-") {
    const bytes = new TextEncoder().encode(await io.readStdin(MAX_INPUT_BYTES));
    return bytes.length > MAX_INPUT_BYTES ? tooLarge : { kind: "ok", bytes };
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(resolve(io.cwd, file), "r");
    if ((await handle.stat()).isDirectory())
      return { kind: "error", message: `cannot read '${file}': it is a directory` };
    const buffer = new Uint8Array(MAX_INPUT_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > MAX_INPUT_BYTES ? tooLarge : { kind: "ok", bytes: buffer.slice(0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    return { kind: "error", message: `cannot read '${file}': ${reason}` };
  } finally {
    await handle?.close();
  }
}
