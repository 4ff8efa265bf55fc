import { z } from "zod";
import type { AppDependencies } from "./app-dependencies.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import { openRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";
import { redrivePlan } from "./redrive-plan.ts";

const PAGE_SIZE = 100;
const issuesSchema = z.array(z.object({ number: z.number(), pull_request: z.unknown().optional() }));

/**
 * Reconciles every open issue with the plan label in the context's repository (DESIGN.md
 * "Level-triggered"): the hosted app's re-drive after lost deliveries and the Actions-only workflow's
 * scheduled resync. One whose start was approved but not carried out is finished; one whose `labeled`
 * delivery was lost is started from the label's event, as `redrivePlan` says. Returns how many plans
 * were reconciled.
 */
export async function syncOpenPlans(
  context: ForemanEventContext,
  dependencies: AppDependencies,
): Promise<number> {
  const opened = await openRepository(context, dependencies);
  const { owner, repo } = context.repo();
  let reconciled = 0;
  for (let page = 1; ; page++) {
    const { data } = await context.octokit.request("GET /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      labels: opened.config.label,
      state: "open",
      per_page: PAGE_SIZE,
      page,
    });
    const issues = issuesSchema.parse(data);
    for (const plan of issues.filter((issue) => issue.pull_request === undefined)) {
      // One plan failing (faults outlasting the retries) leaves the others to be re-driven still.
      try {
        await redrivePlan(dependencies, opened, planKey(owner, repo, plan.number), plan.number);
        reconciled++;
      } catch (error) {
        opened.shell.log(
          `re-driving plan ${owner}/${repo}#${plan.number} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (issues.length < PAGE_SIZE) return reconciled;
  }
}
