/**
 * Git's ref-name rules (`git check-ref-format`), checked in-process so a bad name gets a clear error
 * before any git process runs, and so a name can never be mistaken for a command-line option.
 * Only full names under `refs/` are accepted.
 */
export function isValidRefName(ref: string): boolean {
  if (!ref.startsWith("refs/") || ref.endsWith("/") || ref.endsWith(".") || ref === "@") return false;
  if (ref.includes("..") || ref.includes("@{") || ref.includes("//")) return false;
  // Control characters and space, then the characters revision syntax gives a meaning to.
  if ([...ref].some((character) => character.charCodeAt(0) <= 0x20 || character.charCodeAt(0) === 0x7f)) {
    return false;
  }
  if (/[~^:?*[\\]/.test(ref)) return false;
  return ref.split("/").every((component) => !component.startsWith(".") && !component.endsWith(".lock"));
}
