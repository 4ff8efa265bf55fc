import type { DraftGraph } from "../../../src/core/planner/draft-graph-schema.ts";

type Edges = Record<string, string[]>;

/** A four-task draft for "add login to the bot", with the dependencies given (default: a valid diamond). */
export function draftWith(edges: Edges = { T1: [], T2: ["T1"], T3: ["T1"], T4: ["T2", "T3"] }): DraftGraph {
  const titles: Record<string, string> = {
    T1: "Add the user model",
    T2: "Add the login endpoint",
    T3: "Add the session store",
    T4: "Document the login flow",
  };
  return {
    title: "Add login to the trading bot",
    tasks: Object.entries(edges).map(([id, deps]) => ({
      id,
      title: titles[id] ?? `Task ${id}`,
      description: `Implement ${titles[id] ?? id}.`,
      files: [`src/${id.toLowerCase()}.ts`],
      acceptance: [`${titles[id] ?? id} works`],
      verify: ["npm test"],
      deps: deps.map((dep) => ({ id: dep })),
      type: id === "T4" ? "documentation" : "implementation",
    })),
  };
}

export const QUESTIONS = [
  { question: "Which authentication method should the bot use?", default: "JWT bearer tokens" },
  { question: "Where should sessions be stored?", default: "Redis" },
  { question: "What counts as success for this change?", default: "Users can log in and out; tests pass" },
];
