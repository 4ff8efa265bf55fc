import { decideBudget } from "./decide-budget.ts";
import { decideDispatch } from "./decide-dispatch.ts";
import { decideFinish } from "./decide-finish.ts";
import { decideLanding } from "./decide-landing.ts";
import { decideRetries } from "./decide-retries.ts";
import { decideVerification } from "./decide-verification.ts";
import { deriveEngineView } from "./derive-engine-view.ts";
import type { EngineInput } from "./engine-input.ts";
import type { EngineWrite } from "./engine-write.ts";

/**
 * One round of the engine: the view is derived once, then each planner asks for its writes, in the
 * reconcile's one visible order (issue #10, item 1). Pure: the same input gives the same writes, and an
 * input that already shows every effect gives none.
 */
export function decideEngine(input: EngineInput): EngineWrite[] {
  const round = { input, view: deriveEngineView(input) };
  return [
    ...decideDispatch(round),
    ...decideVerification(round),
    ...decideRetries(round),
    ...decideLanding(round),
    ...decideFinish(round),
    ...decideBudget(round),
  ];
}
