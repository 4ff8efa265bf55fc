import { describe, expect, it } from "vitest";
import { advanceExchange } from "../../../src/core/planner/advance-exchange.ts";
import { buildDraftExchange } from "../../../src/core/planner/build-draft-exchange.ts";
import type { CheckedDraft } from "../../../src/core/planner/check-draft-graph.ts";
import type { ExchangeOutcome, ExchangeSpec, ModelReply } from "../../../src/core/planner/model-exchange.ts";
import { openExchange } from "../../../src/core/planner/open-exchange.ts";
import { plannerConfigSchema } from "../../../src/core/planner/planner-config-schema.ts";
import { ZERO_SPENT } from "../../../src/core/planner/zero-spent.ts";
import { draftWith } from "./draft-fixtures.ts";

const usage = { inputTokens: 2000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 };
const toolCall = (input: unknown, id = "toolu_1"): ModelReply => ({
  kind: "message",
  content: [{ type: "tool_use", id, name: "submit_plan", input }],
  stopReason: "tool_use",
  usage,
});

function spec(overrides: Record<string, unknown> = {}): ExchangeSpec<CheckedDraft> {
  const config = plannerConfigSchema.parse(overrides);
  return buildDraftExchange(
    config,
    {
      goal: { issue: 7, title: "Add login", author: "alice", text: "Add authentication to my trading bot." },
      repositoryContext: "## File tree\npackage.json",
      answers: [],
    },
    ZERO_SPENT,
  );
}

/** Plays replies through the state machine; returns the outcome and every request it asked for. */
function play(exchange: ExchangeSpec<CheckedDraft>, replies: ModelReply[]) {
  let step = openExchange(exchange);
  const requests = [];
  for (const reply of replies) {
    if (step.kind !== "ask") break;
    requests.push(step.request);
    step = advanceExchange(exchange, step.state, reply);
  }
  return { step, requests };
}

function outcomeOf(step: ReturnType<typeof play>["step"]): ExchangeOutcome<CheckedDraft> {
  if (step.kind !== "done") throw new Error("the exchange is still asking");
  return step.outcome;
}

describe("the repair loop", () => {
  it("asks through the draft tool, forced, with the goal fenced as data", () => {
    const { requests } = play(spec(), [toolCall(draftWith())]);
    const [first] = requests;
    expect(first?.toolChoice).toEqual({ type: "tool", name: "submit_plan" });
    expect(first?.tools.map((tool) => tool.name)).toEqual(["submit_plan"]);
    expect(first?.model).toBe("claude-sonnet-4-6");
    expect(first?.messages[0]?.content).toContain('<untrusted-data source="issue #7 title and body">');
  });

  it("sends the compiler's problems back as the tool's error result and accepts the repaired draft", () => {
    const { step, requests } = play(spec(), [
      toolCall(draftWith({ T1: ["T4"], T2: ["T1"], T3: ["T9"], T4: ["T2"] }), "toolu_bad"),
      toolCall(draftWith(), "toolu_good"),
    ]);
    const outcome = outcomeOf(step);
    expect(outcome.kind).toBe("accepted");
    expect(outcome.rounds).toBe(2);
    const repair = requests[1]?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    const feedback = repair[2]?.content;
    expect(Array.isArray(feedback) && feedback[0]).toMatchObject({
      type: "tool_result",
      tool_use_id: "toolu_bad",
      is_error: true,
      content: expect.stringContaining("dependency-cycle"),
    });
    expect(JSON.stringify(feedback)).toContain("no task has the id 'T9'");
    // sonnet: 4000 × $3 + 1000 × $15 per million
    expect(outcome.spent).toEqual({
      inputTokens: 4000,
      outputTokens: 1000,
      usd: expect.closeTo(0.027, 9),
      calls: 2,
    });
  });

  it("gives up after the configured repair rounds, keeping the last draft and its problems", () => {
    const cyclic = toolCall(draftWith({ T1: ["T2"], T2: ["T1"] }));
    const { step, requests } = play(spec({ repairRounds: 1 }), [cyclic, cyclic, cyclic]);
    const outcome = outcomeOf(step);
    expect(requests).toHaveLength(2);
    expect(outcome).toMatchObject({ kind: "rejected", reason: "rounds", rounds: 2 });
    if (outcome.kind !== "rejected") return;
    expect(outcome.candidate?.graph.diagnostics.map((diagnostic) => diagnostic.code)).toContain(
      "dependency-cycle",
    );
  });

  it("stops for the token budget before a request it cannot pay for", () => {
    const cyclic = toolCall(draftWith({ T1: ["T2"], T2: ["T1"] }));
    const { step, requests } = play(spec({ budget: { tokens: 5000 } }), [cyclic, cyclic]);
    expect(requests).toHaveLength(1);
    expect(outcomeOf(step)).toMatchObject({ kind: "rejected", reason: "budget", rounds: 1 });
  });

  it("stops for the dollar budget", () => {
    const cyclic = toolCall(draftWith({ T1: ["T2"], T2: ["T1"] }));
    const { step } = play(spec({ budget: { usd: 0.01 } }), [cyclic, cyclic]);
    expect(outcomeOf(step)).toMatchObject({ kind: "rejected", reason: "budget" });
  });

  it("ends on an API error with nothing accepted", () => {
    const { step } = play(spec(), [{ kind: "error", status: 529, message: "overloaded_error: Overloaded" }]);
    expect(outcomeOf(step)).toEqual({
      kind: "api-error",
      status: 529,
      message: "overloaded_error: Overloaded",
      rounds: 0,
      spent: ZERO_SPENT,
    });
  });

  it("asks again when the model answers in prose instead of the tool", () => {
    const prose: ModelReply = {
      kind: "message",
      content: [{ type: "text", text: "Here is a plan: …" }],
      stopReason: "end_turn",
      usage,
    };
    const { step, requests } = play(spec(), [prose, toolCall(draftWith())]);
    expect(outcomeOf(step).kind).toBe("accepted");
    expect(requests[1]?.messages[2]?.content).toEqual([
      { type: "text", text: "Answer by calling the `submit_plan` tool; free text is not read." },
    ]);
  });

  it("takes a draft with only warnings once the rounds are spent, and says which warnings", () => {
    const draft = draftWith({ T1: [], T2: ["T1"] });
    const [first, second] = draft.tasks;
    if (!first || !second) throw new Error("fixture");
    second.title = first.title;
    const { step } = play(spec({ repairRounds: 0 }), [toolCall(draft)]);
    const outcome = outcomeOf(step);
    expect(outcome.kind).toBe("accepted");
    if (outcome.kind === "accepted") expect(outcome.warnings).toContain("warning");
  });

  it("reports an unknown price as unknown cost and keeps to the token budget", () => {
    const { step } = play(spec({ model: "some-new-model" }), [toolCall(draftWith())]);
    expect(outcomeOf(step).spent.usd).toBeNull();
  });
});
