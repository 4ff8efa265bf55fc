import type { TaskState } from "../graph/task-state.ts";

/** One emoji and a few words per state: the tracking comment's table and legend use the same ones. */
export const STATE_ICONS: Record<TaskState, { icon: string; meaning: string }> = {
  pending: { icon: "⏳", meaning: "waiting on dependencies" },
  ready: { icon: "🟢", meaning: "can start" },
  running: { icon: "🏃", meaning: "attempt running" },
  verifying: { icon: "🔍", meaning: "PR open, checks running" },
  done: { icon: "✅", meaning: "verified and landed" },
  failed: { icon: "🔁", meaning: "attempt failed, will retry" },
  "needs-human": { icon: "🙋", meaning: "needs a person" },
  skipped: { icon: "⏭️", meaning: "skipped" },
  cancelled: { icon: "🚫", meaning: "cancelled" },
  blocked: { icon: "⛔", meaning: "a dependency needs a person" },
};
