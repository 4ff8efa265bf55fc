import type { Task } from "../graph/task-graph.ts";

/** What the tracking view and the state derivation need of a task; issues alone can provide it. */
export type TaskOutline = Pick<Task, "id" | "title" | "deps" | "status">;
