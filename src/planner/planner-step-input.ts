import type { PlannerConfig } from "../core/planner/planner-config-schema.ts";
import type { Forge } from "../github/forge.ts";
import type { ModelCaller } from "./create-model-caller.ts";

/** What a planner step on an issue needs: where it writes, how it asks, and which comment asked. */
export type PlannerStepInput = {
  forge: Forge;
  config: PlannerConfig;
  call: ModelCaller;
  issue: { number: number; title: string; body: string; author: string };
  /** the comment that asked for this step: the key that makes it happen once */
  request: number;
};

/** A step either posted its comment or says why it did not (and wrote nothing). */
export type PlannerStepResult = { kind: "posted"; url: string } | { kind: "failed"; reply: string };
