import type { PlanMarker } from "./plan-marker.ts";
import { readMarkers } from "./read-markers.ts";

const LAST_MARKER = /<!--\s*foreman:[a-z-]+(?:\s+[a-z]+=[^\s>]*)*\s*-->\s*$/;

/**
 * The marker that identifies one of Foreman's bodies: the one it ends with, as Foreman writes every
 * issue and comment. Markers anywhere else (quoted, in a person's text, in a code block) say nothing
 * about the body, and are not read as its identity.
 */
export function readFooterMarker(body: string | null): PlanMarker | null {
  const match = LAST_MARKER.exec(body ?? "");
  return match ? (readMarkers(match[0])[0] ?? null) : null;
}
