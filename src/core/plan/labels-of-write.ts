import type { PlanWrite } from "./plan-write.ts";

/** The labels a write puts on an issue (none for writes that set no labels). */
export function labelsOfWrite(write: PlanWrite): readonly string[] {
  if (write.kind === "create-issue" || write.kind === "create-phase-issue" || write.kind === "add-labels")
    return write.labels;
  if (write.kind === "update-issue") return write.patch.labels ?? [];
  return [];
}
