import type { ConfigResult } from "../core/config/parse-config.ts";
import type { PlanTexts } from "../core/plan/plan-texts.ts";
import type { EngineForge } from "../github/engine-forge.ts";
import type { Forge } from "../github/forge.ts";

/** What the shell needs to reconcile the plans of one repository, whatever hosts it. */
export type PlanShell = {
  forge: Forge;
  config: ConfigResult;
  /** templates and links bound once for the repository */
  texts: PlanTexts;
  log: (message: string) => void;
  /** the wall clock, read once per round and handed to the pure reconcile as `now` */
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /**
   * the engine's calls and Foreman's App id (its own `foreman/verify` is not evidence); absent, only
   * the plan itself is reconciled (issues, links, tracking)
   */
  engine?: { forge: EngineForge; appId: number | null };
};
