import type { PlanMarker } from "./plan-marker.ts";

/** `<!-- foreman:task plan=12 task=T3 spec=… -->`: invisible in rendered markdown, stable to parse. */
export function formatMarker(marker: PlanMarker): string {
  const { kind, ...fields } = marker;
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return `<!-- foreman:${kind} ${pairs.join(" ")} -->`;
}
