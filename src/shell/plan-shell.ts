import type { ConfigResult } from "../core/config/parse-config.ts";
import type { PlanTexts } from "../core/plan/plan-texts.ts";
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
};
