import type { SessionRecord } from "./attempt-types.ts";

/** `3 turns · 4,100 in / 120 out tokens · $0.0150 · 12.3 s`: the figures every view repeats. */
export function formatFigures(session: SessionRecord | null): string {
  if (session === null) return "no session";
  const group = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return [
    `${session.turns} turn${session.turns === 1 ? "" : "s"}`,
    `${group(session.inputTokens)} in / ${group(session.outputTokens)} out tokens`,
    `$${session.costUsd.toFixed(4)}`,
    `${(session.durationMs / 1000).toFixed(1)} s`,
  ].join(" · ");
}
