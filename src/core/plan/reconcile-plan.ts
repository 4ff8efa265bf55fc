import { layoutSubIssues } from "../graph/layout-sub-issues.ts";
import { decideApproval } from "./decide-approval.ts";
import { decideChildIssues } from "./decide-child-issues.ts";
import { decideConfigProblems } from "./decide-config-problems.ts";
import { decideDuplicates } from "./decide-duplicates.ts";
import { decideLinks } from "./decide-links.ts";
import { decidePhaseIssues } from "./decide-phase-issues.ts";
import { decidePlanChange } from "./decide-plan-change.ts";
import { decideTracking } from "./decide-tracking.ts";
import { derivePlanView } from "./derive-plan-view.ts";
import type { Planner, ReconcileInput } from "./plan-round.ts";
import type { PlanWrite } from "./plan-write.ts";
import { withMissingLabels } from "./with-missing-labels.ts";

/**
 * The reconcile's concerns in the one order they apply. A planner that stops the list (a broken config,
 * a start not approved, the tracking comment) leaves the later ones for a later round.
 */
export const PLANNERS: readonly Planner[] = [
  decideConfigProblems,
  // Before the approval, which stops the list for a plan not started: two replicas' copies of a note
  // on such a plan (a refused label, a stale start) are cleaned up too.
  decideDuplicates,
  decideApproval,
  decidePlanChange,
  decidePhaseIssues,
  decideChildIssues,
  decideLinks,
  decideTracking,
];

/** The plan label's default, for messages written before a valid config names the real one. */
const DEFAULT_LABEL = "foreman";

/**
 * Snapshot → the writes that bring GitHub to what the plan says (DESIGN.md "Reconcile"). Pure and
 * idempotent: run on a snapshot that already matches, it returns nothing. Writes that depend on an
 * earlier one (a dependent's body links its blocker's number) come in a later round, after the shell
 * folded the first round's results into the snapshot.
 */
export function reconcilePlan(input: ReconcileInput): PlanWrite[] {
  const { config, document } = input;
  const settings = config.ok ? config.config : null;
  const round = {
    ...input,
    view: derivePlanView(input.snapshot, document),
    planNumber: input.snapshot.plan.number,
    label: config.ok ? config.config.label : DEFAULT_LABEL,
    settings,
    layout: layoutSubIssues(document.graph.tasks, settings?.phaseIssues ?? "auto", document.blockers),
  };
  const writes: PlanWrite[] = [];
  for (const planner of PLANNERS) {
    const step = planner(round, writes);
    writes.push(...step.writes);
    if (step.stop) break;
  }
  return withMissingLabels(writes, input.snapshot);
}
