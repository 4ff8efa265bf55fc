import type { EmulatorState, IssueRecord, RepositoryRecord } from "./emulator-state.ts";

/** Sub-issue and dependency links hold database ids, which are unique across repositories. */
export function findIssueById(
  state: EmulatorState,
  id: number,
): { repo: RepositoryRecord; issue: IssueRecord } | null {
  for (const repo of Object.values(state.repositories)) {
    const issue = repo.issues.find((candidate) => candidate.id === id);
    if (issue) return { repo, issue };
  }
  return null;
}
