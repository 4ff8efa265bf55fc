/**
 * Whether a repository path matches a protected-path glob as `.github/foreman.yml` writes them:
 * `**` any depth, `*` within one segment, `?` one character; a pattern without a slash matches that
 * name in any directory (`CODEOWNERS`), as in `.gitignore`.
 */
export function matchPathGlob(path: string, glob: string): boolean {
  // `dir/**` covers the directory itself too, as everything beneath it.
  const relative = glob.replace(/^\.?\//, "");
  // A slash before the end anchors the pattern at the root, as in .gitignore.
  const anchored = /\/./.test(relative);
  const pattern = relative.replace(/\/\*\*$/, "");
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? "";
    if (char === "*" && pattern[index + 1] === "*") {
      const slash = pattern[index + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      index += slash ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A directory pattern (`docs/`) or a name covers everything beneath it.
  const body = source.endsWith("/") ? `${source}.*` : `${source}(?:/.*)?`;
  return new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`).test(path.replace(/^\.\//, ""));
}
