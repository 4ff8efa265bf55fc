import type { ForemanConfig } from "../config/config-schema.ts";
import type { ConfigResult } from "../config/parse-config.ts";
import type { SubIssueLayout } from "../graph/layout-sub-issues.ts";
import type { PlanView } from "./derive-plan-view.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanTexts } from "./plan-texts.ts";
import type { PlanWrite } from "./plan-write.ts";
import type { PlanDocument } from "./prepare-plan-document.ts";

/**
 * What the event behind a reconcile asks for. `approve`: a writer asked to run the text whose hash is
 * `spec` — the text the approving event carried (the labelled issue's body, the issue as the command
 * found it), not whatever the issue says by the time Foreman reads it. `sync`: bring GitHub in line
 * with what is already approved.
 */
export type PlanIntent =
  | { kind: "sync" }
  | { kind: "approve"; by: string; spec: string }
  /**
   * a writer edited a labelled plan, or labelled it in a delivery that was lost: a start while no text
   * was ever approved, else a plain sync. `spec` null: the text they labelled is not known any more (the
   * issue changed after the label), so nothing is approved and a writer is asked to start the current text.
   */
  | { kind: "start-if-new"; by: string; spec: string | null };

export type ReconcileInput = {
  snapshot: PlanSnapshot;
  /** the plan's current text, compiled */
  document: PlanDocument;
  config: ConfigResult;
  /** the templates and links, bound once per repository */
  texts: PlanTexts;
  intent: PlanIntent;
  /** ISO time of this reconcile: the planners' only clock */
  now: string;
};

/** One round's inputs with what every planner derives from them, computed once. */
export type PlanRound = ReconcileInput & {
  view: PlanView;
  planNumber: number;
  /** the plan label: the configured one, or the default while the config is broken */
  label: string;
  /** the settings, once the config is valid (planners after the config check may rely on it) */
  settings: ForemanConfig | null;
  /** how the current text's issues hang together: phase issues, each task's parent, the blocked-by links */
  layout: SubIssueLayout;
};

/** A planner's answer: the writes it asks for, and whether the planners after it are to wait. */
export type PlanStep = { writes: PlanWrite[]; stop: boolean };

/** One concern of the reconcile; `earlier` are the writes the planners before it asked for. */
export type Planner = (round: PlanRound, earlier: readonly PlanWrite[]) => PlanStep;
