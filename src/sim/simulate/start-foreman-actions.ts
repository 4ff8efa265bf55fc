import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Emulator } from "@foreman/local-github";
import { pushRepositoryFiles } from "./push-repository-files.ts";
import type { RunningForemanApp } from "./start-foreman-app.ts";

/** The Actions-only workflow users install (README): the simulated repository gets the same file. */
const FOREMAN_WORKFLOW = new URL("../../../templates/workflows/foreman.yml", import.meta.url);
export const FOREMAN_WORKFLOW_PATH = ".github/workflows/foreman.yml";

/**
 * Foreman with nothing to host, installed on `fullName` as the README says: the Foreman App registered
 * with its webhook inactive (it hears nothing), its id and key as the repository secrets, and
 * `templates/workflows/foreman.yml` pushed to the default branch — so the local GitHub runs the
 * reconcile (the real Action, `mode: reconcile`) on every event, and nothing else runs Foreman.
 * `engine: false` sets the repository variable `FOREMAN_ENGINE=off`: only the plan itself is kept.
 */
export async function startForemanActions(
  emulator: Emulator,
  options: { fullName: string; engine: boolean },
): Promise<RunningForemanApp> {
  const webhookSecret = randomBytes(20).toString("hex");
  const registered = await emulator.createApp({ webhookUrl: "", webhookSecret, slug: "foreman" });
  emulator.setActionsSecret(options.fullName, "FOREMAN_APP_ID", String(registered.appId));
  emulator.setActionsSecret(options.fullName, "FOREMAN_APP_PRIVATE_KEY", registered.privateKey);
  if (!options.engine) emulator.setActionsVariable(options.fullName, "FOREMAN_ENGINE", "off");
  await pushRepositoryFiles(emulator, options.fullName, {
    files: { [FOREMAN_WORKFLOW_PATH]: await readFile(FOREMAN_WORKFLOW, "utf8") },
    replace: false,
    message: "Install Foreman's Actions-only workflow",
  });
  await emulator.waitForIdle(60_000);
  return {
    webhookUrl: "",
    appId: registered.appId,
    slug: registered.slug,
    installationId: registered.installationId,
    privateKey: registered.privateKey,
    webhookSecret,
    // Every reconcile is a fresh job: there is no process whose memory a restart could clear.
    restart: async () => {},
    // The runs are the local GitHub's own background work: idle means every triggered run finished.
    settle: (timeoutMs = 120_000) => emulator.waitForIdle(timeoutMs),
    // The cron resync GitHub starts every 15 minutes (foreman.yml's `schedule`), on the simulator's clock.
    redrive: async () => (await emulator.runScheduledWorkflows(options.fullName)).length,
    close: async () => {},
  };
}
