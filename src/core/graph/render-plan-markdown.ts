import type { Task } from "./task-graph.ts";

type MarkdownTask = Pick<
  Task,
  "id" | "title" | "description" | "deps" | "files" | "acceptance" | "verify" | "status"
> &
  Partial<Pick<Task, "type">>;

const STATUS_SUFFIX: Readonly<Record<Task["status"], string>> = {
  todo: "",
  "in-progress": " 🔄 In Progress",
  done: " ✅ Done",
  blocked: " ⛔ Blocked",
  skipped: " ⏭️ Skipped",
};

/**
 * The canonical task markdown for a graph: one `### ID: Title` heading per task with its fields. Every
 * task states its dependencies (`none` included), so reading it back gives exactly the same edges.
 */
export function renderPlanMarkdown(graph: { title: string | null; tasks: readonly MarkdownTask[] }): string {
  const parts = [`# ${graph.title ?? "Plan"}`];
  for (const task of graph.tasks) {
    const lines = [`### ${task.id}: ${task.title}${STATUS_SUFFIX[task.status]}`, ""];
    const deps = task.deps.map((dep) => dep.id);
    lines.push(`**Depends on**: ${deps.length > 0 ? deps.join(", ") : "none"}`);
    if (task.files.length > 0) lines.push(`**Files**: ${task.files.map((file) => `\`${file}\``).join(", ")}`);
    if (task.type) lines.push(`**Type**: ${task.type}`);
    if (task.description) lines.push("", task.description);
    if (task.acceptance.length > 0)
      lines.push("", "**Acceptance Criteria**:", ...task.acceptance.map((item) => `- ${item}`));
    if (task.verify.length > 0) lines.push("", "**Verification**:", "```bash", ...task.verify, "```");
    parts.push(lines.join("\n"));
  }
  return `${parts.join("\n\n")}\n`;
}
