import type { DocumentStatus, Task } from "./task-graph.ts";
import type { TaskState } from "./task-state.ts";
import { transitiveReduction } from "./transitive-reduction.ts";

type MermaidTask = Pick<Task, "id" | "title" | "deps" | "status">;

/** GitHub's Primer colours, so the graph reads like the rest of the page in light and dark themes. */
const STATE_STYLES: Readonly<Record<TaskState, string>> = {
  pending: "fill:#f6f8fa,stroke:#8c959f,color:#24292f",
  ready: "fill:#ddf4ff,stroke:#0969da,color:#0a3069",
  running: "fill:#fff8c5,stroke:#9a6700,color:#4d2d00",
  verifying: "fill:#fbefff,stroke:#8250df,color:#3e1f79",
  done: "fill:#dafbe1,stroke:#1a7f37,color:#044f1e",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#82071e",
  "needs-human": "fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#82071e",
  skipped: "fill:#eaeef2,stroke:#8c959f,stroke-dasharray:4 3,color:#57606a",
  cancelled: "fill:#eaeef2,stroke:#8c959f,stroke-dasharray:4 3,color:#57606a",
  blocked: "fill:#fff1e5,stroke:#bc4c00,color:#762c00",
};

const STATE_OF_DOCUMENT_STATUS: Readonly<Record<DocumentStatus, TaskState>> = {
  todo: "pending",
  "in-progress": "running",
  done: "done",
  blocked: "blocked",
  skipped: "skipped",
};

const MAX_LABEL = 42;

function label(task: MermaidTask): string {
  const title =
    task.title.length > MAX_LABEL ? `${task.title.slice(0, MAX_LABEL - 1).trimEnd()}…` : task.title;
  // Mermaid reads quotes, brackets and backticks inside labels as syntax; entity codes keep them literal.
  const safe = `${task.id} · ${title}`.replace(/["`<>[\]{}|#]/g, (char) => `#${char.charCodeAt(0)};`);
  return `"${safe}"`;
}

/**
 * A `flowchart TD` of the tasks, arrows from a blocker to the task that waits for it, nodes coloured by
 * state (Foreman's state when given, else the status written in the document). By default only the
 * transitive reduction is drawn: the same order with far fewer arrows.
 */
export function renderMermaid(
  tasks: readonly MermaidTask[],
  options: { states?: Readonly<Record<string, TaskState>>; reduce?: boolean } = {},
): string {
  const node = new Map(tasks.map((task, position) => [task.id, `t${position + 1}`]));
  const lines = ["flowchart TD"];
  for (const task of tasks) lines.push(`  ${node.get(task.id)}[${label(task)}]`);
  const pairs =
    options.reduce === false
      ? tasks.flatMap((task) =>
          task.deps.filter((dep) => node.has(dep.id)).map((dep) => [task.id, dep.id] as const),
        )
      : transitiveReduction(tasks);
  for (const [taskId, blockerId] of pairs) lines.push(`  ${node.get(blockerId)} --> ${node.get(taskId)}`);
  const used = new Map<TaskState, string[]>();
  for (const task of tasks) {
    const state = options.states?.[task.id] ?? STATE_OF_DOCUMENT_STATUS[task.status];
    used.set(state, [...(used.get(state) ?? []), node.get(task.id) ?? ""]);
  }
  for (const [state, nodes] of used) {
    const className = state.replace("-", "_");
    lines.push(`  classDef ${className} ${STATE_STYLES[state]}`);
    lines.push(`  class ${nodes.join(",")} ${className}`);
  }
  return lines.join("\n");
}
