/**
 * Whether a repository path matches a glob as `.github/foreman.yml` writes them: `**` any number of
 * directories, `*` and `?` within one path segment, everything else literal. A pattern without a slash
 * also matches the file name in any directory (`CODEOWNERS`), as in `.gitignore`.
 */
export function matchGlob(pattern: string, path: string): boolean {
  const clean = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  const target = path.replace(/^\.\//, "");
  if (clean.length === 0) return false;
  const anchored = clean.includes("/") ? clean : `**/${clean}`;
  return compile(anchored).test(target) || compile(`${anchored}/**`).test(target);
}

function compile(pattern: string): RegExp {
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
  return new RegExp(`^${source}$`);
}
