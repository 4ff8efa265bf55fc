import type { PlanMarker } from "./plan-marker.ts";
import { readFooterMarker } from "./read-footer-marker.ts";

export type TaskMarker = Extract<PlanMarker, { kind: "task" }>;

/** The task marker in an issue's footer (of plan `planNumber`, when given); a marker elsewhere is not one. */
export function readTaskMarker(body: string | null, planNumber?: number): TaskMarker | null {
  const marker = readFooterMarker(body);
  if (marker?.kind !== "task") return null;
  return planNumber === undefined || marker.plan === planNumber ? marker : null;
}
