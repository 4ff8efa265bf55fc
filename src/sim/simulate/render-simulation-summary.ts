import type { SimulationSummary } from "./read-simulation-summary.ts";

/** The simulation result for people: the plan's tasks and links, then what it cost in API calls. */
export function renderSimulationSummary(summary: SimulationSummary): string {
  const width = Math.max(4, ...summary.tasks.map((task) => task.id.length));
  const rows = summary.tasks.map((task) => {
    const pr = task.pr === null ? "" : `  PR #${task.pr}${task.merged ? " (merged)" : ""}`;
    const count = task.attempts.length;
    const attempts = count === 0 ? "" : `  ${count} attempt${count === 1 ? "" : "s"}`;
    return `  ${task.id.padEnd(width)}  #${String(task.issue).padEnd(4)} ${task.state}${attempts}${pr}`;
  });
  const { requests, webhooks, duplicates } = summary;
  const phases = summary.links.phases;
  const busiest = Object.entries(requests.byOperation)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
  return [
    `Plan #${summary.plan}: ${summary.tasks.length} task issues${phases.length > 0 ? ` under ${phases.length} phase issues, ${summary.links.subIssues} sub-issues of the plan` : `, ${summary.links.subIssues} sub-issue links`}, ${summary.links.blockedBy.length} blocked-by links`,
    ...phases.map(
      (phase) => `  #${String(phase.issue).padEnd(4)} ${phase.title} (${phase.tasks.length} tasks)`,
    ),
    ...rows,
    `Requests: ${requests.total} (${requests.reads} reads, ${requests.writes} writes) — most: ${busiest}`,
    `Webhooks: ${webhooks.delivered} delivered, ${webhooks.duplicated} duplicated, ${webhooks.dropped} dropped`,
    `Duplicates: ${duplicates.issues} issues, ${duplicates.dispatches} dispatches`,
    "",
  ].join("\n");
}
