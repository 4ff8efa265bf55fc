const CLAIM = /^refs\/foreman\/(\d+)\/attempts\/([^/]+)\/(\d+)\.(\d+)$/;

/** The plan, task, attempt and try a claim ref names (see `formatClaimRef`), or null for any other ref. */
export function readClaimRef(
  ref: string,
): { plan: number; task: string; attempt: number; try: number } | null {
  const match = CLAIM.exec(ref);
  if (!match) return null;
  let task: string;
  try {
    task = decodeURIComponent(match[2] ?? "");
  } catch {
    return null;
  }
  return { plan: Number(match[1]), task, attempt: Number(match[3]), try: Number(match[4]) };
}
