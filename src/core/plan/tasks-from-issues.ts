import type { IssueRecord, PlanSnapshot } from "./plan-snapshot.ts";
import { readTaskMarker } from "./read-task-marker.ts";
import type { TaskOutline } from "./task-outline.ts";

/**
 * The tasks as the existing issues show them: id from the marker, title from the issue, dependencies
 * from the `blocked by` links between them (a phase issue standing for its tasks), plus the issues outside the plan that the marker says
 * Foreman linked as blockers (`#99`). Used where the approved text itself is not at hand: while
 * an edited plan waits for a replan, and for issues whose task left the plan.
 */
export function tasksFromIssues(
  issues: readonly IssueRecord[],
  snapshot: PlanSnapshot,
): { tasks: TaskOutline[]; children: Map<string, IssueRecord> } {
  const children = new Map<string, IssueRecord>();
  const external = new Map<string, number[]>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const marker = readTaskMarker(issue.body, snapshot.plan.number);
    if (marker?.kind === "task" && !children.has(marker.task)) {
      children.set(marker.task, issue);
      external.set(marker.task, marker.external ?? []);
    }
  }
  const taskIdByNumber = new Map([...children].map(([id, issue]) => [issue.number, id]));
  // A phase issue as a blocker stands for every task under it.
  const phaseTasks = new Map(
    snapshot.phases.map((phase) => [
      phase.issue.number,
      phase.subIssues.flatMap((number) => taskIdByNumber.get(number) ?? []),
    ]),
  );
  const tasks = [...children].map(([id, issue]): TaskOutline => {
    const blockers = (snapshot.blockedBy[issue.number] ?? []).flatMap(
      (number) => phaseTasks.get(number) ?? taskIdByNumber.get(number) ?? [],
    );
    const deps = [...new Set(blockers)]
      .filter((blocker) => blocker !== id)
      .map((blocker) => ({ id: blocker, source: "explicit" as const, line: null }));
    for (const number of external.get(id) ?? [])
      deps.push({ id: `#${number}`, source: "explicit", line: null });
    const prefix = `${id} · `;
    const title = issue.title.startsWith(prefix) ? issue.title.slice(prefix.length) : issue.title;
    return { id, title, deps, status: "todo" };
  });
  return { tasks, children };
}
