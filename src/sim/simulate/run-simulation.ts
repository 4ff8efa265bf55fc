import { startEmulator } from "@foreman/local-github";
import { createPatientOctokit } from "./create-patient-octokit.ts";
import { readSimulationSummary, type SimulationSummary } from "./read-simulation-summary.ts";
import { startForemanApp } from "./start-foreman-app.ts";

export type SimulationOptions = {
  planMarkdown: string;
  /** task ids in document order, to list the summary's tasks in that order */
  taskOrder: readonly string[];
  /** the emulator's fault spec, e.g. `api=5xx:0.05;webhooks=dup:0.3` */
  faults?: string;
  seed?: number;
  title?: string;
  idleTimeoutMs?: number;
};

export const SIMULATION_REPOSITORY = { owner: "acme", repo: "demo" };
/** The person who writes and labels the plan; a collaborator with write access. */
export const SIMULATION_WRITER = "alice";

/**
 * `foreman simulate … --stop-after plan`: a local GitHub (the emulator) with a seeded repository,
 * the real Foreman app behind real signed webhooks, and a writer who opens the plan issue and adds
 * the `foreman` label. When everything is quiet, the result is read back from the emulator.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const emulator = await startEmulator({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  try {
    const fullName = `${SIMULATION_REPOSITORY.owner}/${SIMULATION_REPOSITORY.repo}`;
    await emulator.seedRepository(fullName);
    const app = await startForemanApp(emulator);
    try {
      await emulator.addCollaborator(fullName, SIMULATION_WRITER, "write");
      const writer = createPatientOctokit(emulator.url, emulator.userToken(SIMULATION_WRITER));
      const { data: plan } = await writer.rest.issues.create({
        ...SIMULATION_REPOSITORY,
        title: options.title ?? "Plan",
        body: options.planMarkdown,
      });
      await writer.rest.issues.addLabels({
        ...SIMULATION_REPOSITORY,
        issue_number: plan.number,
        labels: ["foreman"],
      });
      await app.settle(options.idleTimeoutMs);
      const stats = emulator.stats();
      return await readSimulationSummary(
        createPatientOctokit(emulator.url, emulator.token),
        SIMULATION_REPOSITORY,
        plan.number,
        stats,
        options.taskOrder,
      );
    } finally {
      await app.close();
    }
  } finally {
    await emulator.close();
  }
}
