import { type Emulator, startEmulator } from "@foreman/local-github";
import type { Octokit } from "@octokit/rest";
import { createPatientOctokit } from "./create-patient-octokit.ts";
import { readSimulationSummary, type SimulationSummary } from "./read-simulation-summary.ts";
import type { SimulationObserver } from "./simulation-observer.ts";
import { type RunningForemanApp, startForemanApp } from "./start-foreman-app.ts";
import { type SimulationMode, startForemanHost } from "./start-foreman-host.ts";
import { SIMULATION_ACTION_PATHS, startSimulationWorld } from "./start-simulation-world.ts";

export type SimulationOptions = {
  planMarkdown: string;
  /** task ids in document order, to list the summary's tasks in that order */
  taskOrder: readonly string[];
  /** the emulator's fault spec, e.g. `api=5xx:0.05;webhooks=dup:0.3` */
  faults?: string;
  seed?: number;
  title?: string;
  /** how long the app may take to go quiet (default 120 s) */
  settleTimeoutMs?: number;
  /** copies of the app behind one registration, each receiving every delivery (default 1) */
  replicas?: number;
  /**
   * run the plan to the end: the engine on, each attempt through the installed task workflow, the real
   * Action and Claude Code answered by this agent; the repository holds `files` (an example's) when given
   */
  agent?: Omit<
    Parameters<typeof startSimulationWorld>[0],
    "fullName" | "faults" | "seed" | "dataDir" | "mode"
  >;
  /** where the local GitHub keeps its state and repositories; kept after the run (default: a removed temp dir) */
  dataDir?: string;
  observer?: SimulationObserver;
  /** `actions`: no app; the local GitHub runs templates/workflows/foreman.yml on every event */
  mode?: SimulationMode;
  /** looks at the finished world before it is torn down (benchmarks replay deliveries, read the request log) */
  inspect?: (world: SimulationAftermath) => Promise<void>;
};

/** The world as a run left it: the local GitHub and the plan's number. */
export type SimulationAftermath = {
  emulator: Emulator;
  plan: number;
  /** waits until the world is quiet again, re-driving as the hosted app would */
  settle(): Promise<void>;
};

/** The app was still working when the settle limit ran out: what GitHub held then is in `summary`. */
export class SettleTimeout extends Error {
  constructor(
    message: string,
    readonly summary: SimulationSummary,
  ) {
    super(message);
  }
}

const DEFAULT_SETTLE_MS = 120_000;

export const SIMULATION_REPOSITORY = { owner: "acme", repo: "demo" };
/** The person who writes and labels the plan; a collaborator with write access. */
export const SIMULATION_WRITER = "alice";

/**
 * `foreman simulate … --stop-after plan`: a local GitHub (the emulator) with a seeded repository,
 * the real Foreman app behind real signed webhooks, and a writer who opens the plan issue and adds
 * the `foreman` label. When everything is quiet, the result is read back from the emulator.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const fullName = `${SIMULATION_REPOSITORY.owner}/${SIMULATION_REPOSITORY.repo}`;
  const faults = {
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  };
  const mode = options.mode ?? "app";
  const world = options.agent
    ? await startSimulationWorld({ ...options.agent, ...faults, fullName, mode })
    : null;
  const emulator =
    world?.emulator ?? (await startEmulator({ ...faults, actionPaths: { ...SIMULATION_ACTION_PATHS } }));
  try {
    if (world === null) await emulator.seedRepository(fullName);
    const first = world?.app ?? (await startForemanHost(emulator, { mode, fullName, engine: false }));
    const apps = [first];
    try {
      for (let replica = 2; replica <= (options.replicas ?? 1); replica++)
        apps.push(await startForemanApp(emulator, { replicaOf: first }));
      await emulator.addCollaborator(fullName, SIMULATION_WRITER, "write");
      const writer = createPatientOctokit(emulator.url, emulator.userToken(SIMULATION_WRITER));
      const plan = await openPlanIssue(writer, options.title ?? "Plan", options.planMarkdown);
      await writer.rest.issues.addLabels({
        ...SIMULATION_REPOSITORY,
        issue_number: plan,
        labels: ["foreman"],
      });
      options.observer?.planOpened({
        apiUrl: emulator.url,
        token: emulator.token,
        ...SIMULATION_REPOSITORY,
        number: plan,
        appSlug: first.slug,
      });
      let timedOut: string | null = null;
      try {
        await settleWithResyncs(emulator, apps, options.settleTimeoutMs);
      } catch (error) {
        timedOut = error instanceof Error ? error.message : String(error);
      }
      const stats = emulator.stats();
      const summary = await readSimulationSummary(
        createPatientOctokit(emulator.url, emulator.token),
        SIMULATION_REPOSITORY,
        plan,
        stats,
        options.taskOrder,
      );
      await options.observer?.settled();
      if (timedOut !== null) throw new SettleTimeout(timedOut, summary);
      await options.inspect?.({
        emulator,
        plan,
        settle: () => settleWithResyncs(emulator, apps, options.settleTimeoutMs),
      });
      return summary;
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  } finally {
    await emulator.close();
    await world?.agent.close();
  }
}

/** Re-drives that change nothing before the world counts as finished. */
const QUIET_RESYNCS = 1;
/** A bound on re-drives, so a plan that keeps changing without end still ends the simulation. */
const MAX_RESYNCS = 40;

/**
 * Waits until the world is quiet, then runs the hosted app's periodic re-drive (what its 15-minute
 * timer does) and waits again, until re-drives find nothing left to do: a lost delivery costs the
 * simulation a re-drive, as it costs GitHub's users a timer period, not the plan.
 */
async function settleWithResyncs(
  emulator: Pick<Emulator, "stats">,
  apps: readonly RunningForemanApp[],
  timeoutMs: number | undefined,
): Promise<void> {
  const deadline = Date.now() + (timeoutMs ?? DEFAULT_SETTLE_MS);
  const settle = () => Promise.all(apps.map((app) => app.settle(Math.max(deadline - Date.now(), 1))));
  await settle();
  let quiet = 0;
  for (let resync = 0; resync < MAX_RESYNCS && quiet < QUIET_RESYNCS; resync++) {
    const before = changesMade(emulator);
    // Every replica's timer comes due, as with `npm start`.
    await Promise.all(apps.map((app) => app.redrive()));
    await settle();
    quiet = changesMade(emulator) === before ? quiet + 1 : 0;
  }
}

/** Writes so far, leaving out the installation tokens a re-drive may mint: a token changes nothing. */
function changesMade(emulator: Pick<Emulator, "stats">): number {
  const { writes, byOperation } = emulator.stats().requests;
  return writes - (byOperation["apps/create-installation-access-token"] ?? 0);
}

/**
 * The writer opens the plan issue the way a careful person would: when the answer is lost (the issue may
 * have been created anyway), they look for it before trying again, so there is one plan issue.
 */
async function openPlanIssue(writer: Octokit, title: string, body: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await writer.rest.issues.create({ ...SIMULATION_REPOSITORY, title, body });
      return data.number;
    } catch (error) {
      if (attempt >= 5) throw error;
      const mine = await writer.paginate(writer.rest.issues.listForRepo, {
        ...SIMULATION_REPOSITORY,
        creator: SIMULATION_WRITER,
        state: "all",
        per_page: 100,
      });
      const opened = mine.find((issue) => issue.title === title && (issue.body ?? "") === body);
      if (opened) return opened.number;
    }
  }
}
