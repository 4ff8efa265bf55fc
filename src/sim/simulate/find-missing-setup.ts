import type { SimulationSummary } from "./read-simulation-summary.ts";

export type ExpectedSetup = {
  /** every task id of the plan, in document order */
  taskIds: readonly string[];
  /** the layout's links, as [task, blocker] ids (adopted issues appear as `#N`, phase issues as `phase:<key>`) */
  blockedBy: ReadonlyArray<readonly [taskId: string, blockerId: string]>;
  /** the layout's phase issues with their tasks; none when every task is the plan's sub-issue */
  phases: ReadonlyArray<{ phase: string; tasks: readonly string[] }>;
};

/**
 * What a plan set up on GitHub still lacks or holds twice, as sentences: a child issue per task, a
 * sub-issue link per task (under its phase issue, when the layout has them, each phase issue under the
 * plan), the blocked-by links of the layout, one approval and one tracking comment.
 * Empty when the setup is complete.
 */
export function findMissingSetup(summary: SimulationSummary, expected: ExpectedSetup): string[] {
  const gaps: string[] = [];
  const have = new Set(summary.tasks.map((task) => task.id));
  const missing = expected.taskIds.filter((id) => !have.has(id));
  if (missing.length > 0) gaps.push(`no child issue for ${list(missing)}`);
  const phased = new Set(expected.phases.flatMap((phase) => phase.tasks));
  const planChildren = expected.phases.length + expected.taskIds.filter((id) => !phased.has(id)).length;
  if (summary.links.subIssues !== planChildren)
    gaps.push(`${summary.links.subIssues} sub-issues of the plan, expected ${planChildren}`);
  for (const phase of expected.phases) {
    const found = summary.links.phases.filter((candidate) => candidate.phase === phase.phase);
    if (found.length !== 1) {
      gaps.push(`${found.length} phase issues for ${phase.phase} under the plan, expected 1`);
      continue;
    }
    const held = [...(found[0]?.tasks ?? [])].sort().join();
    if (held !== [...phase.tasks].sort().join())
      gaps.push(`phase ${phase.phase} holds ${list(found[0]?.tasks ?? [])}, expected ${list(phase.tasks)}`);
  }
  const unexpected = summary.links.phases.filter(
    (found) => !expected.phases.some((phase) => phase.phase === found.phase),
  );
  if (unexpected.length > 0)
    gaps.push(`phase issues not in the layout: ${list(unexpected.map((found) => found.phase))}`);
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
