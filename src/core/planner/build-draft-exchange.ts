import { buildPlannerPrompt, type PlannerPromptInput } from "./build-planner-prompt.ts";
import { type CheckedDraft, checkDraftGraph } from "./check-draft-graph.ts";
import type { ExchangeSpec, Spent } from "./model-exchange.ts";
import type { PlannerConfig } from "./planner-config-schema.ts";
import { DRAFT_TOOL } from "./planner-tools.ts";
import { priceOfModel } from "./price-of-model.ts";

/**
 * The exchange that drafts the plan: every answer is rendered and compiled, and its problems go back
 * to the model for up to `repairRounds` more answers, within the draft's budget (questions included).
 */
export function buildDraftExchange(
  config: PlannerConfig,
  input: Omit<PlannerPromptInput, "stage">,
  spentBefore: Spent,
): ExchangeSpec<CheckedDraft> {
  const { system, prompt } = buildPlannerPrompt({ ...input, stage: "draft" });
  return {
    model: config.model,
    system,
    prompt,
    tool: DRAFT_TOOL,
    check: checkDraftGraph,
    repairRounds: config.repairRounds,
    budget: config.budget,
    maxOutputTokens: config.maxOutputTokens,
    price: priceOfModel(config.model, config.pricing),
    spentBefore,
  };
}
