import type { PlanClaim } from "../core/plan/plan-of-issue.ts";
import { preparePlanDocument } from "../core/plan/prepare-plan-document.ts";
import type { OpenRepository } from "./open-repository.ts";

/**
 * Whether a claimed plan really has the issue: always for Foreman's own issues and the plan itself;
 * for an issue someone else wrote a task marker into, only when that plan's text adopts it. One read,
 * so an issue naming another plan costs that plan no reconcile.
 */
export async function confirmPlanClaim(claim: PlanClaim, repository: OpenRepository): Promise<boolean> {
  if (claim.adopted === null) return true;
  const plan = await repository.shell.forge.getIssue(claim.plan);
  if (!plan || plan.isPullRequest || !plan.labels.includes(repository.config.label)) return false;
  return preparePlanDocument(plan.body).graph.tasks.some((task) => task.issue === claim.adopted);
}
