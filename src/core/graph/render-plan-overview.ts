import { criticalPath } from "./critical-path.ts";
import { executionWaves } from "./execution-waves.ts";
import { isFinishedStatus, type TaskGraph } from "./task-graph.ts";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A few scannable lines for a terminal: size, how dependencies were read, waves and critical path. */
export function renderPlanOverview(graph: TaskGraph): string {
  const done = graph.tasks.filter((task) => isFinishedStatus(task.status)).length;
  const warnings = graph.diagnostics.filter((diagnostic) => diagnostic.severity === "warning").length;
  const errors = graph.diagnostics.length - warnings;
  const facts = [
    plural(graph.tasks.length, "task"),
    ...(done > 0 ? [`${done} already done`] : []),
    ...(graph.phases.length > 0 ? [plural(graph.phases.length, "phase")] : []),
    graph.dependencyMode === "stated"
      ? "dependencies as stated in the document"
      : "no dependencies stated: document order",
    ...(errors > 0 ? [plural(errors, "error")] : []),
    ...(warnings > 0 ? [plural(warnings, "warning")] : []),
  ];
  const lines = [graph.title ?? "Untitled plan", facts.join(" · ")];
  const waves = executionWaves(graph.tasks);
  if (waves.length > 0) {
    lines.push("", "Waves (each can start when the one before is done):");
    const width = String(waves.length).length;
    waves.forEach((wave, position) => {
      lines.push(`  ${String(position + 1).padStart(width)}. ${wave.join(" ")}`);
    });
  }
  const path = criticalPath(graph.tasks);
  if (path.length > 1) lines.push("", `Critical path (${plural(path.length, "task")}): ${path.join(" → ")}`);
  return lines.join("\n");
}
