import * as core from "@actions/core";

export type ActionMode = "task" | "reconcile";

/**
 * The `mode` input: `task` (the default) runs one attempt, `reconcile` runs the reconcile on the job's
 * event, as the hosted app does on a webhook.
 */
export function readActionMode(): { ok: true; mode: ActionMode } | { ok: false; message: string } {
  const raw = core.getInput("mode").trim();
  if (raw === "" || raw === "task") return { ok: true, mode: "task" };
  if (raw === "reconcile") return { ok: true, mode: "reconcile" };
  return {
    ok: false,
    message: `The Foreman Action's inputs are not valid:\n- input \`mode\`: must be task or reconcile (got "${raw}")`,
  };
}
