const GLOB = /[*?[]/;

/**
 * Whether two `Files` entries can name the same file: equal, one a directory of the other, or globs
 * whose fixed leading directories are. Globs are compared by that prefix only, which may see an overlap
 * that is not there: a lock held too broadly costs time, one held too narrowly costs a merge conflict.
 */
export function pathsOverlap(a: string, b: string): boolean {
  const left = fixedPrefix(a);
  const right = fixedPrefix(b);
  return within(left, right) || within(right, left);
}

/** The entry itself, or for a glob its directories before the first wildcard. */
function fixedPrefix(entry: string): string {
  const clean = entry.trim().replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");
  if (!GLOB.test(clean)) return clean;
  const segments = clean.split("/");
  return segments
    .slice(
      0,
      segments.findIndex((segment) => GLOB.test(segment)),
    )
    .join("/");
}

/** `inner` is `outer` or lies under it; the empty prefix (a glob at the root) covers everything. */
function within(inner: string, outer: string): boolean {
  return outer === "" || inner === outer || inner.startsWith(`${outer}/`);
}
