import { normaliseBody } from "./normalise-body.ts";

/** A body without Foreman's hidden markers: what a person wrote, or what a diff should show. */
export function stripMarkers(body: string): string {
  return normaliseBody(body.replace(/\s*<!--\s*foreman:[a-z-]+[^>]*-->/g, ""));
}
