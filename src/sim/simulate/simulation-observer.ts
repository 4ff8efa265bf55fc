/**
 * Someone watching a simulation from outside, through GitHub's API only (the live task list of
 * `foreman simulate`): told where the plan is once the writer has opened and labelled it, and given
 * the last word before the local GitHub closes, to read the final state and keep what it needs.
 */
export type SimulationObserver = {
  planOpened(plan: SimulatedPlan): void;
  /** the app went quiet (or ran out of time); the local GitHub stays up until this resolves */
  settled(): Promise<void>;
};

export type SimulatedPlan = {
  /** the local GitHub's REST API and a token that reads everything there */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  number: number;
  /** the App's slug: its comments are Foreman's (only their markers are trusted) */
  appSlug: string;
};
