import type { PlanTemplates } from "../core/plan/plan-texts.ts";
import type { ModelConnection } from "../planner/model-connection.ts";
import type { PlanQueue } from "./create-plan-queue.ts";

/** What every handler shares, built once when the app loads. */
export type AppDependencies = {
  queue: PlanQueue;
  /** Foreman's own login (`<slug>[bot]`), looked up once */
  selfLogin: () => Promise<string>;
  templates: PlanTemplates;
  formatReferenceUrl: string;
  /** the Messages API for `/foreman draft`; without a key the planner says what to set */
  modelConnection?: ModelConnection;
  /** whether the engine runs after the plan's own writes */
  engine: boolean;
};
