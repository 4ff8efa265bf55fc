import { advanceExchange } from "../core/planner/advance-exchange.ts";
import type { ExchangeOutcome, ExchangeSpec } from "../core/planner/model-exchange.ts";
import { openExchange } from "../core/planner/open-exchange.ts";
import type { ModelCaller } from "./create-model-caller.ts";

/** Plays an exchange against the model: each request the pure state machine asks for, until it is done. */
export async function runExchange<T>(spec: ExchangeSpec<T>, call: ModelCaller): Promise<ExchangeOutcome<T>> {
  let step = openExchange(spec);
  while (step.kind === "ask") {
    step = advanceExchange(spec, step.state, await call(step.request));
  }
  return step.outcome;
}
