import { criticalPath } from "./critical-path.ts";
import { executionWaves } from "./execution-waves.ts";
import { isFinishedStatus, type TaskGraph } from "./task-graph.ts";

/** Waves and ids per wave shown before the list is folded, so the overview stays a screenful. */
const MAX_WAVES = 12;
const MAX_WAVE_IDS = 16;

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
    const row = (position: number) => {
      const wave = waves[position] ?? [];
      const shown =
        wave.length > MAX_WAVE_IDS
          ? [...wave.slice(0, MAX_WAVE_IDS), `… +${wave.length - MAX_WAVE_IDS} more`]
          : wave;
      lines.push(`  ${String(position + 1).padStart(width)}. ${shown.join(" ")}`);
    };
    // A long document-order plan is one wave per task: the first and last few say enough.
    if (waves.length <= MAX_WAVES) for (let position = 0; position < waves.length; position++) row(position);
    else {
      for (let position = 0; position < MAX_WAVES - 3; position++) row(position);
      lines.push(`  ${" ".repeat(width)}  … ${waves.length - MAX_WAVES + 1} more waves …`);
      for (let position = waves.length - 2; position < waves.length; position++) row(position);
    }
  }
  const path = criticalPath(graph.tasks);
  const shownPath = path.length > MAX_WAVES ? [...path.slice(0, 8), "…", ...path.slice(-3)] : path;
  if (path.length > 1)
    lines.push("", `Critical path (${plural(path.length, "task")}): ${shownPath.join(" → ")}`);
  return lines.join("\n");
}
