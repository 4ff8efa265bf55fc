import { derivePlanView } from "../plan/derive-plan-view.ts";
import { labelsOfWrite } from "../plan/labels-of-write.ts";
import type { ReconcileInput } from "../plan/plan-round.ts";
import type { PlanWrite } from "../plan/plan-write.ts";
import { readMarkers } from "../plan/read-markers.ts";
import { reconcilePlan } from "../plan/reconcile-plan.ts";
import { buildEngineInput } from "./build-engine-input.ts";
import { decideEngine } from "./decide-engine.ts";
import type { EngineReads } from "./engine-reads.ts";
import type { EngineWrite } from "./engine-write.ts";
import { parseTimestamp } from "./parse-timestamp.ts";

/** A reconcile's writes: the plan's and the engine's. */
export type ReconcileWrite = PlanWrite | EngineWrite;

/**
 * One round of the whole reconcile, in its one visible order: the plan's planners (config, approval,
 * plan change, child issues, links), then the engine's (dispatch, verification, retries, landing,
 * finish, budget), then the tracking comment once neither asks for anything — so the comment is
 * rebuilt once per reconcile, after the work it shows. The engine runs while a writer approved the
 * plan and its own reads are there; a task starts as soon as its child issue exists, in the same round
 * as the plan still creating others: while issues are still to be created, a round creates one and the
 * next starts what that made ready before creating more, so the first job is not kept waiting for the
 * whole plan to be set up.
 */
export function decidePlanWithEngine(
  input: ReconcileInput & { engine: EngineReads | null },
): ReconcileWrite[] {
  const planWrites = reconcilePlan(input);
  if (input.engine === null || !input.config.ok) return planWrites;
  const view = derivePlanView(input.snapshot, input.document);
  if (view.mode === "not-started") return planWrites;
  const tracking = planWrites.filter(isTrackingWrite);
  const structural = planWrites.filter((write) => !isTrackingWrite(write));
  const engineWrites = decideEngine(
    buildEngineInput({
      snapshot: input.snapshot,
      document: input.document,
      view,
      reads: input.engine,
      config: input.config.config,
      now: parseTimestamp(input.now) ?? 0,
    }),
  );
  if (structural.length + engineWrites.length === 0) return tracking;
  const starts = engineWrites.filter(isStartWrite);
  const rest = engineWrites.filter((write) => !isStartWrite(write));
  return [...starts, ...oneCreationAtATime(structural), ...rest];
}

/** The writes that start an attempt: they go first, ahead of the plan's own set-up. */
function isStartWrite(write: EngineWrite): boolean {
  return write.kind === "claim-attempt" || write.kind === "dispatch-workflow";
}

/**
 * The plan's writes up to and including its first issue creation, with the labels those need: the
 * round's next decision can then start that task before the next issue is created.
 */
function oneCreationAtATime(writes: readonly PlanWrite[]): PlanWrite[] {
  const first = writes.findIndex((write) => write.kind === "create-issue");
  if (first === -1) return [...writes];
  const kept = writes.slice(0, first + 1).filter((write) => write.kind !== "create-label");
  const needed = new Set(kept.flatMap(labelsOfWrite));
  const labels = writes.filter((write) => write.kind === "create-label" && needed.has(write.name));
  return [...labels, ...kept];
}

function isTrackingWrite(write: PlanWrite): boolean {
  return (
    (write.kind === "create-comment" || write.kind === "update-comment") &&
    readMarkers(write.body).some((marker) => marker.kind === "tracking")
  );
}
