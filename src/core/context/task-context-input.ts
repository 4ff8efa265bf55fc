/** What the prompt of one attempt is built from; every text comes from GitHub or the checkout. */
export type TaskContextInput = {
  plan: { number: number; title: string; goal: string };
  task: {
    id: string;
    title: string;
    description: string;
    steps: ReadonlyArray<{ text: string; done: boolean }>;
    acceptance: readonly string[];
    verify: readonly string[];
    specs: string;
    files: readonly string[];
  };
  childIssue: number;
  attempt: number;
  /** Foreman's feedback comments on the child issue for earlier attempts (markers stripped) */
  feedback: ReadonlyArray<{ attempt: number; text: string }>;
  /** the task's dependencies that landed: their PR and what they changed */
  dependencies: ReadonlyArray<{
    id: string;
    title: string;
    pull: { number: number; title: string } | null;
    summary: string;
    files: readonly string[];
  }>;
  /** `CLAUDE.md` / `AGENTS.md` of the base branch */
  conventions: ReadonlyArray<{ path: string; text: string }>;
  /** the most tokens the prompt may take */
  budgetTokens: number;
};

export type ContextSection = {
  id: string;
  tokens: number;
  state: "full" | "shortened" | "dropped";
};

export type TaskContext = {
  prompt: string;
  tokens: number;
  sections: ContextSection[];
};
