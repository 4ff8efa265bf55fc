import type { MessagesRequestBody, ScriptedTurn } from "@foreman/local-github";
import type { DraftGraph } from "../../src/core/planner/draft-graph-schema.ts";
import { DRAFT_TOOL, QUESTIONS_TOOL } from "../../src/core/planner/planner-tools.ts";

/** The fake Messages API's turn that asks the clarifying questions. */
export function questionsTurn(questions: ReadonlyArray<{ question: string; default: string }>): ScriptedTurn {
  return {
    blocks: [{ type: "tool_use", name: QUESTIONS_TOOL.name, input: { questions } }],
    usage: { inputTokens: 1800, outputTokens: 300 },
  };
}

/** The fake Messages API's turn that submits a plan. */
export function draftTurn(draft: DraftGraph): ScriptedTurn {
  return {
    blocks: [{ type: "tool_use", name: DRAFT_TOOL.name, input: draft }],
    usage: { inputTokens: 4200, outputTokens: 900 },
  };
}

/** Which planner tool a request offers. */
export function toolOf(body: MessagesRequestBody): string | undefined {
  const [tool] = body.tools ?? [];
  return typeof tool === "object" && tool !== null && "name" in tool ? String(tool.name) : undefined;
}

/** The text of a request's messages, for asserting what the model was shown. */
export function textOf(body: unknown): string {
  return JSON.stringify(body);
}
