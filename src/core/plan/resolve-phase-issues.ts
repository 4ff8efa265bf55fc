import type { PhaseRecord, PlanSnapshot } from "./plan-snapshot.ts";
import { readFooterMarker } from "./read-footer-marker.ts";

export type ResolvedPhases = {
  /** phase key → the one issue that stands for it */
  byKey: Map<string, PhaseRecord>;
  /** phase issues of this plan that stand for no phase of the layout: unused now, or made twice by a race */
  extras: PhaseRecord[];
};

/**
 * Which issue is each phase's: the oldest whose marker names this plan and the phase, so every replica
 * picks the same one. `keys` are the phases the plan's layout has.
 */
export function resolvePhaseIssues(snapshot: PlanSnapshot, keys: ReadonlySet<string>): ResolvedPhases {
  const byKey = new Map<string, PhaseRecord>();
  const extras: PhaseRecord[] = [];
  for (const phase of [...snapshot.phases].sort((a, b) => a.issue.number - b.issue.number)) {
    const marker = readFooterMarker(phase.issue.body);
    const key = marker?.kind === "phase" && marker.plan === snapshot.plan.number ? marker.phase : null;
    if (key !== null && keys.has(key) && !byKey.has(key)) byKey.set(key, phase);
    else extras.push(phase);
  }
  return { byKey, extras };
}
