import type { EngineView } from "./derive-engine-view.ts";
import type { EngineInput } from "./engine-input.ts";

/** What each engine planner is given: the input and the view derived from it once per round. */
export type EngineRound = { input: EngineInput; view: EngineView };
