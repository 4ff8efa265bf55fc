import { createHash } from "node:crypto";
import type { Task } from "../graph/task-graph.ts";

/**
 * A task's content hash, carried in its child issue's marker: a replan compares it to tell changed
 * tasks from unchanged ones. Positions (line, column) are left out so moving a task is not a change.
 */
export function hashTask(task: Task): string {
  const content = {
    title: task.title,
    description: task.description,
    steps: task.steps,
    acceptance: task.acceptance,
    verify: task.verify,
    specs: task.specs,
    files: task.files,
    deps: task.deps.map((dependency) => dependency.id).sort(),
    status: task.status,
    issue: task.issue,
  };
  return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 12);
}
