/** Directories that say nothing about a project's design: dependencies, build output, caches, VCS. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  ".git",
  "node_modules",
  "vendor",
  "dist",
  "build",
  "out",
  "target",
  "coverage",
  ".next",
  ".cache",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".idea",
  ".vscode",
]);
