import { costOfUsage } from "./cost-of-usage.ts";
import { estimateTokens } from "./estimate-tokens.ts";
import type {
  ContentBlock,
  ExchangeSpec,
  ExchangeState,
  ExchangeStep,
  ModelReply,
  Spent,
  Verdict,
} from "./model-exchange.ts";
import { planNextRequest } from "./plan-next-request.ts";

/**
 * The repair loop as a pure state machine: one model reply in, the next request or the outcome out.
 * An answer the check rejects goes back to the model with its problems (as the tool's error result)
 * while repair rounds and budget last; then the last answer is given up on, or taken as it is when
 * only warnings were left. An API error ends the exchange with nothing accepted.
 */
export function advanceExchange<T>(
  spec: ExchangeSpec<T>,
  state: ExchangeState<T>,
  reply: ModelReply,
): ExchangeStep<T> {
  if (reply.kind === "error") {
    return {
      kind: "done",
      outcome: {
        kind: "api-error",
        status: reply.status,
        message: reply.message,
        rounds: state.round,
        spent: state.spent,
      },
    };
  }
  const round = state.round + 1;
  const spent = addSpent(state.spent, reply, spec);
  const call = reply.content.find(
    (block): block is Extract<ContentBlock, { type: "tool_use" }> =>
      block.type === "tool_use" && block.name === spec.tool.name,
  );
  const verdict: Verdict<T> = call
    ? spec.check(call.input)
    : {
        ok: false,
        problems: `Answer by calling the \`${spec.tool.name}\` tool; free text is not read.`,
        candidate: null,
        usable: false,
      };
  const cutOff =
    reply.stopReason === "max_tokens" && !verdict.ok
      ? `\nYour answer was cut off at the output limit: keep descriptions shorter.`
      : "";
  if (verdict.ok) {
    return {
      kind: "done",
      outcome: { kind: "accepted", value: verdict.value, rounds: round, spent, warnings: null },
    };
  }
  const problems = `${verdict.problems}${cutOff}`;
  const giveUp = (reason: "rounds" | "budget"): ExchangeStep<T> =>
    verdict.usable && verdict.candidate !== null
      ? {
          kind: "done",
          outcome: { kind: "accepted", value: verdict.candidate, rounds: round, spent, warnings: problems },
        }
      : {
          kind: "done",
          outcome: { kind: "rejected", reason, candidate: verdict.candidate, problems, rounds: round, spent },
        };
  if (round > spec.repairRounds) return giveUp("rounds");

  const answer: ContentBlock[] = reply.content.filter((block) => block.type !== "tool_result");
  const feedback: ContentBlock[] = call
    ? [{ type: "tool_result", tool_use_id: call.id, content: problems, is_error: true }]
    : [{ type: "text", text: problems }];
  const messages = [
    ...state.messages,
    { role: "assistant" as const, content: answer },
    { role: "user" as const, content: feedback },
  ];
  const estimatedInput = reply.usage.inputTokens + reply.usage.outputTokens + estimateTokens(problems);
  const request = planNextRequest(spec, messages, spent, estimatedInput);
  if (request === null) return giveUp("budget");
  return { kind: "ask", state: { messages, round, spent, last: verdict }, request };
}

function addSpent<T>(
  spent: Spent,
  reply: Extract<ModelReply, { kind: "message" }>,
  spec: ExchangeSpec<T>,
): Spent {
  const cost = costOfUsage(reply.usage, spec.price);
  return {
    inputTokens:
      spent.inputTokens +
      reply.usage.inputTokens +
      reply.usage.cacheReadTokens +
      reply.usage.cacheWriteTokens,
    outputTokens: spent.outputTokens + reply.usage.outputTokens,
    usd: spent.usd === null || cost === null ? null : spent.usd + cost,
    calls: spent.calls + 1,
  };
}
