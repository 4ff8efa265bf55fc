import type { Task } from "./task-graph.ts";
import { transitiveReduction } from "./transitive-reduction.ts";

type TableTask = Pick<Task, "id" | "title" | "deps" | "status" | "phase">;

const STATUS_TEXT: Readonly<Record<Task["status"], string>> = {
  todo: "⏳ to do",
  "in-progress": "🔄 in progress",
  done: "✅ done",
  blocked: "⛔ blocked",
  skipped: "⏭️ skipped",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A markdown table of the tasks: id, title, status, what each waits for directly, and its phase. */
export function renderStatusTable(tasks: readonly TableTask[]): string {
  const waitsFor = new Map<string, string[]>();
  for (const [task, blocker] of transitiveReduction(tasks))
    waitsFor.set(task, [...(waitsFor.get(task) ?? []), blocker]);
  const external = (task: TableTask) =>
    task.deps.filter((dep) => dep.id.startsWith("#")).map((dep) => dep.id);
  const showPhase = tasks.some((task) => task.phase !== null);
  const header = showPhase
    ? "| Task | Title | Status | Waits for | Phase |\n|---|---|---|---|---|"
    : "| Task | Title | Status | Waits for |\n|---|---|---|---|";
  const rows = tasks.map((task) => {
    const blockers = [...(waitsFor.get(task.id) ?? []), ...external(task)];
    const cells = [
      task.id,
      // The title as the author meant it: `[P]` is order, which the waves and "Waits for" show.
      cell(task.title),
      STATUS_TEXT[task.status],
      blockers.length > 0 ? blockers.join(", ") : "—",
      ...(showPhase ? [cell(task.phase ?? "—")] : []),
    ];
    return `| ${cells.join(" | ")} |`;
  });
  return [header, ...rows].join("\n");
}
