import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import { z } from "zod";
import type { AppDependencies } from "../app/app-dependencies.ts";
import { createPlanQueue } from "../app/create-plan-queue.ts";
import type { ForemanEventContext } from "../app/foreman-event-context.ts";
import { FORMAT_REFERENCE_URL } from "../app/format-reference-url.ts";
import { handleForemanEvent } from "../app/handle-foreman-event.ts";
import { loadTemplates } from "../app/load-templates.ts";
import { syncOpenPlans } from "../app/sync-open-plans.ts";
import { scrubSecrets } from "../core/attempt/scrub-secrets.ts";
import { retryTransientRequests } from "../github/retry-transient-requests.ts";
import { readActionInputs } from "./read-action-inputs.ts";
import { reconcileInputsSchema } from "./reconcile-inputs.ts";

const environmentSchema = z.object({
  GITHUB_REPOSITORY: z.string().regex(/^[^/]+\/[^/]+$/),
  GITHUB_API_URL: z.string().default("https://api.github.com"),
  GITHUB_EVENT_NAME: z.string().min(1),
  GITHUB_EVENT_PATH: z.string().min(1),
  ANTHROPIC_BASE_URL: z.string().optional(),
});

/**
 * Events that name no plan: the scheduled resync, a manual or API run, and a merge queue's group (whose
 * payload names no task branch) reconcile every open plan, as the hosted app's re-drive does.
 */
const RESYNC_EVENTS = new Set(["schedule", "workflow_dispatch", "repository_dispatch", "merge_group"]);
/** `pull_request_target` carries `pull_request`'s payload; the workflow uses it so no PR's code runs with the App's key. */
const WEBHOOK_NAMES: Record<string, string> = { pull_request_target: "pull_request" };

/**
 * `mode: reconcile` (Actions-only Foreman, `templates/workflows/foreman.yml`): the job's event is handled
 * by the same handler the hosted app runs on a webhook (parse once, route, start / command / sync through
 * the host-agnostic shell), with the App's installation token; the events that name no plan reconcile
 * every open plan. Fails the step, secrets scrubbed, when the reconcile throws.
 */
export async function runReconcile(): Promise<void> {
  const read = readActionInputs(reconcileInputsSchema);
  if (!read.ok) {
    core.setFailed(read.message);
    return;
  }
  const env = environmentSchema.safeParse(process.env);
  if (!env.success) {
    const names = env.error.issues.map((issue) => issue.path.join(".")).join(", ");
    core.setFailed(`The Foreman Action must run in a GitHub Actions job: missing or invalid ${names}`);
    return;
  }
  const inputs = read.inputs;
  const secrets = [inputs["github-token"], inputs["anthropic-api-key"]];
  try {
    const [owner = "", repo = ""] = env.data.GITHUB_REPOSITORY.split("/");
    const warn = (message: string) => core.warning(scrubSecrets(message, secrets));
    // The task mode's client and retry policy: a server error or rate limit is waited out.
    const octokit = github.getOctokit(
      inputs["github-token"],
      { baseUrl: env.data.GITHUB_API_URL, log: { debug() {}, info() {}, warn, error: warn } },
      retryTransientRequests(),
    );
    const payload: unknown = JSON.parse(await readFile(env.data.GITHUB_EVENT_PATH, "utf8"));
    const event = env.data.GITHUB_EVENT_NAME;
    const context: ForemanEventContext = {
      name: WEBHOOK_NAMES[event] ?? event,
      payload,
      repo: () => ({ owner, repo }),
      octokit: { request: (route, parameters) => octokit.request(route, parameters) },
      // What Probot's `context.config` does: `_extends` followed, the files deep-merged, null when none.
      async config(fileName) {
        const { config, files } = await composeConfigGet(octokit, {
          owner,
          repo,
          path: `.github/${fileName}`,
          defaults: (configs) => merge.all<Record<string, unknown>>([{}, ...configs]),
        });
        return files.some((file) => file.config !== null) ? config : null;
      },
      log: { info: (message) => core.info(message) },
    };
    const selfLogin = `${inputs["app-slug"]}[bot]`;
    const dependencies: AppDependencies = {
      queue: createPlanQueue(),
      selfLogin: async () => selfLogin,
      templates: await loadTemplates(),
      formatReferenceUrl: FORMAT_REFERENCE_URL,
      modelConnection: {
        apiKey: inputs["anthropic-api-key"] || null,
        baseURL: env.data.ANTHROPIC_BASE_URL?.trim() || null,
      },
      engine: inputs.engine === "on",
    };
    if (RESYNC_EVENTS.has(event)) {
      const count = await syncOpenPlans(context, dependencies);
      core.info(`Reconciled ${count} open plan${count === 1 ? "" : "s"} of ${owner}/${repo} (${event}).`);
    } else {
      await handleForemanEvent(context, dependencies);
      core.info(`Handled ${event} in ${owner}/${repo}.`);
    }
  } catch (error) {
    const message = scrubSecrets(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
      secrets,
    );
    core.setFailed(message);
  }
}
