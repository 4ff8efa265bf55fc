/** Instructions for agents first, then what the project says about itself, then how it is built. */
const WANTED: ReadonlyArray<RegExp> = [
  /^(?:\.github\/)?(?:agents|claude)\.md$/i,
  /^readme(?:\.(?:md|markdown|rst|txt))?$/i,
  /^(?:package\.json|pyproject\.toml|requirements\.txt|cargo\.toml|go\.mod|gemfile|pom\.xml|build\.gradle(?:\.kts)?|composer\.json|deno\.jsonc?|mix\.exs|pubspec\.yaml|setup\.cfg|makefile|tsconfig\.json)$/i,
];
const MAX_FILES = 12;

/**
 * The files whose text the planner reads, from the repository's file list: agent instructions
 * (`AGENTS.md`, `CLAUDE.md`), the README and package manifests at the top level, in that order, and
 * the manifests of first-level packages (a monorepo's workspaces) after them.
 */
export function pickContextFiles(paths: readonly string[]): string[] {
  const rank = (path: string): number => {
    const depth = path.split("/").length - 1;
    const name = depth === 0 ? path : (path.split("/").at(-1) ?? path);
    const index = WANTED.findIndex((pattern) => pattern.test(depth === 0 ? path : name));
    if (index === -1) return -1;
    if (depth === 0 || (depth === 1 && path.startsWith(".github/") && index === 0)) return index;
    return depth === 2 && index === 2 ? WANTED.length : -1;
  };
  return paths
    .map((path) => ({ path, rank: rank(path) }))
    .filter((entry) => entry.rank !== -1)
    .sort((a, b) => a.rank - b.rank || a.path.localeCompare(b.path))
    .slice(0, MAX_FILES)
    .map((entry) => entry.path);
}
