import { buildPlannerPrompt, type PlannerPromptInput } from "./build-planner-prompt.ts";
import { type DraftQuestion, draftQuestionsSchema } from "./draft-graph-schema.ts";
import type { ExchangeSpec, Spent } from "./model-exchange.ts";
import type { PlannerConfig } from "./planner-config-schema.ts";
import { QUESTIONS_TOOL } from "./planner-tools.ts";
import { priceOfModel } from "./price-of-model.ts";

/** The exchange that asks the model for 3–10 clarifying questions with defaults. */
export function buildQuestionsExchange(
  config: PlannerConfig,
  input: Omit<PlannerPromptInput, "stage" | "answers">,
  spentBefore: Spent,
): ExchangeSpec<DraftQuestion[]> {
  const { system, prompt } = buildPlannerPrompt({ ...input, stage: "questions", answers: [] });
  return {
    model: config.model,
    system,
    prompt,
    tool: QUESTIONS_TOOL,
    check: (answer) => {
      const parsed = draftQuestionsSchema.safeParse(answer);
      if (parsed.success) return { ok: true, value: parsed.data.questions };
      const problems = parsed.error.issues.map(
        (issue) => `- ${issue.path.join(".") || "(the answer)"}: ${issue.message}`,
      );
      return {
        ok: false,
        problems: `The questions do not match the tool's schema:\n${problems.join("\n")}\nAsk 3 to 10 questions, each with a default.`,
        candidate: null,
        usable: false,
      };
    },
    repairRounds: config.repairRounds,
    budget: config.budget,
    maxOutputTokens: config.maxOutputTokens,
    price: priceOfModel(config.model, config.pricing),
    spentBefore,
  };
}
