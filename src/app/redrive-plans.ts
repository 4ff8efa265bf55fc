import { Context, type Probot } from "probot";
import { z } from "zod";
import type { AppDependencies } from "./app-dependencies.ts";
import { syncOpenPlans } from "./sync-open-plans.ts";

const installationsSchema = z.array(z.object({ id: z.number() }));
const repositoriesSchema = z.array(
  z.object({ name: z.string(), owner: z.object({ login: z.string() }), html_url: z.string() }),
);

/**
 * Re-drives plans a lost delivery left behind (DESIGN.md "Level-triggered"): every open issue with the
 * plan label, in every repository of every installation, gets a reconcile. One whose start was approved
 * but not carried out (faults outlasting the retries, a crash) is finished; one whose `labeled` delivery
 * was lost is started from the label's event, as `redrivePlan` says.
 */
export async function redrivePlans(
  app: Pick<Probot, "auth" | "log">,
  dependencies: AppDependencies,
): Promise<number> {
  const appOctokit = await app.auth();
  const installations = installationsSchema.parse(
    await appOctokit.paginate("GET /app/installations", { per_page: 100 }),
  );
  let reconciled = 0;
  for (const installation of installations) {
    const octokit = await app.auth(installation.id);
    const repositories = repositoriesSchema.parse(
      await octokit.paginate("GET /installation/repositories", { per_page: 100 }),
    );
    for (const repository of repositories) {
      const payload = { repository, installation: { id: installation.id } };
      const context = new Context(
        { id: `redrive-${installation.id}`, name: "issues", payload } as never,
        octokit,
        app.log,
      );
      reconciled += await syncOpenPlans(context, dependencies);
    }
  }
  return reconciled;
}
