import type { PlanSnapshot } from "../plan/plan-snapshot.ts";
import type { EngineReads } from "./engine-reads.ts";

/** Everything read of one plan that the plan's planners and the engine decide from. */
export type EngineState = { snapshot: PlanSnapshot; reads: EngineReads };
