import type { SimulationSummary } from "./read-simulation-summary.ts";

export type ExpectedSetup = {
  /** every task id of the plan, in document order */
  taskIds: readonly string[];
  /** the reduced graph's links, as [task, blocker] ids (adopted issues appear as `#N`) */
  blockedBy: ReadonlyArray<readonly [taskId: string, blockerId: string]>;
};

/**
 * What a plan set up on GitHub still lacks or holds twice, as sentences: a child issue and sub-issue
 * link per task, the blocked-by links of the reduced graph, one approval and one tracking comment.
 * Empty when the setup is complete.
 */
export function findMissingSetup(summary: SimulationSummary, expected: ExpectedSetup): string[] {
  const gaps: string[] = [];
  const have = new Set(summary.tasks.map((task) => task.id));
  const missing = expected.taskIds.filter((id) => !have.has(id));
  if (missing.length > 0) gaps.push(`no child issue for ${list(missing)}`);
  if (summary.links.subIssues !== expected.taskIds.length)
    gaps.push(`${summary.links.subIssues} sub-issue links, expected ${expected.taskIds.length}`);
  const links = new Set(summary.links.blockedBy.map(([task, blocker]) => `${task} ← ${blocker}`));
  const wanted = expected.blockedBy.map(([task, blocker]) => `${task} ← ${blocker}`);
  const absent = wanted.filter((link) => !links.has(link));
  if (absent.length > 0) gaps.push(`blocked-by links missing: ${list(absent)}`);
  const extra = [...links].filter((link) => !wanted.includes(link));
  if (extra.length > 0) gaps.push(`blocked-by links not in the plan: ${list(extra)}`);
  for (const kind of ["approval", "tracking"]) {
    const count = summary.comments[kind] ?? 0;
    if (count !== 1) gaps.push(`${count} ${kind} comments, expected 1`);
  }
  if (summary.duplicates.issues > 0) gaps.push(`${summary.duplicates.issues} duplicate child issues`);
  return gaps;
}

function list(items: readonly string[]): string {
  return items.length > 8 ? `${items.slice(0, 8).join(", ")} and ${items.length - 8} more` : items.join(", ");
}
