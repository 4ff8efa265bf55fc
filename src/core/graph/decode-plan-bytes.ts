import type { Diagnostic } from "./task-graph.ts";

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}

/**
 * Bytes of a task file → text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read; bytes that are
 * not valid UTF-8 are replaced and reported with their line and column, so nothing is silently garbled.
 */
export function decodePlanBytes(bytes: Uint8Array): { text: string; diagnostics: Diagnostic[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), diagnostics: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), diagnostics: [] };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const at = position(text.replace(/^\uFEFF/, ""), text.replace(/^\uFEFF/, "").indexOf("\uFFFD"));
    return {
      text,
      diagnostics: [
        {
          severity: "error",
          code: "undecodable-bytes",
          line: at.line,
          column: at.column,
          message: "this file has bytes that are not UTF-8 text",
          hint: "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
        },
      ],
    };
  }
}
