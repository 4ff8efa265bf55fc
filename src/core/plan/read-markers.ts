import { type PlanMarker, planMarkerSchema } from "./plan-marker.ts";

const MARKER = /<!--\s*foreman:([a-z-]+)((?:\s+[a-z]+=[^\s>]*)*)\s*-->/g;

/** Every well-formed Foreman marker in a body; malformed or unknown ones are ignored, not trusted. */
export function readMarkers(text: string | null): PlanMarker[] {
  if (!text) return [];
  const markers: PlanMarker[] = [];
  for (const match of text.matchAll(MARKER)) {
    const fields: Record<string, string> = { kind: match[1] ?? "" };
    for (const pair of (match[2] ?? "").trim().split(/\s+/).filter(Boolean)) {
      const [key = "", value = ""] = pair.split("=", 2);
      fields[key] = safeDecode(value);
    }
    const parsed = planMarkerSchema.safeParse(fields);
    if (parsed.success) markers.push(parsed.data);
  }
  return markers;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
