import { estimateTokens } from "./estimate-tokens.ts";
import type { ExchangeSpec, ExchangeStep, ModelMessage } from "./model-exchange.ts";
import { planNextRequest } from "./plan-next-request.ts";

/**
 * The first request of an exchange, or its end when the budget cannot pay for even one answer. The
 * budget counts what earlier steps of the same draft (the questions) used.
 */
export function openExchange<T>(spec: ExchangeSpec<T>): ExchangeStep<T> {
  const messages: ModelMessage[] = [{ role: "user", content: spec.prompt }];
  const estimatedInput = estimateTokens(spec.system + spec.prompt + JSON.stringify(spec.tool));
  const request = planNextRequest(spec, messages, spec.spentBefore, estimatedInput);
  if (request === null) {
    return {
      kind: "done",
      outcome: {
        kind: "rejected",
        reason: "budget",
        candidate: null,
        problems: "The budget for this draft was spent before the model could be asked.",
        rounds: 0,
        spent: spec.spentBefore,
      },
    };
  }
  return { kind: "ask", state: { messages, round: 0, spent: spec.spentBefore, last: null }, request };
}
