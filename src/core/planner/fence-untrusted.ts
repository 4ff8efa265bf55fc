import { fenceCode } from "../plan/fence-code.ts";

/**
 * Text from people (or from the repository) placed in a prompt as data: labelled with where it came
 * from, inside a code fence longer than any backtick run in it, so nothing in it can close the fence
 * and pass for Foreman's own instructions.
 */
export function fenceUntrusted(source: string, text: string): string {
  return `<untrusted-data source="${source.replace(/["<>\n]/g, "")}">\n${fenceCode(text, "text")}\n</untrusted-data>`;
}
