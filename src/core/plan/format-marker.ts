import type { PlanMarker } from "./plan-marker.ts";

/**
 * `<!-- foreman:task plan=12 task=T3 spec=… -->`: invisible in rendered markdown, stable to parse. Lists
 * are written comma-separated; absent fields and empty lists are left out.
 */
export function formatMarker(marker: PlanMarker): string {
  const { kind, ...fields } = marker;
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return `<!-- foreman:${kind} ${pairs.join(" ")} -->`;
}
