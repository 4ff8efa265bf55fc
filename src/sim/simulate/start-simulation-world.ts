import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "@foreman/local-github";
import type { RecordedSession } from "../../demo/recorded-session.ts";
import type { AgentChoice } from "./agents/agent-choice.ts";
import type { SyntheticTask } from "./agents/generate-synthetic-session.ts";
import { type AgentBackend, startAgentBackend } from "./agents/start-agent-backend.ts";
import { installSimulationRepository } from "./install-simulation-repository.ts";
import type { RunningForemanApp } from "./start-foreman-app.ts";
import { type SimulationMode, startForemanHost } from "./start-foreman-host.ts";

/** What the installed task workflow's `uses:` names, mapped to this checkout's Action on the local runner. */
export const FOREMAN_ACTION = "foreman-dev/foreman/action";
const ACTION_DIR = fileURLToPath(new URL("../../../action", import.meta.url));
/** The local runner's stand-ins for published actions: this checkout's Foreman Action. */
export const SIMULATION_ACTION_PATHS: Readonly<Record<string, string>> = { [FOREMAN_ACTION]: ACTION_DIR };

export type SimulationWorld = {
  emulator: Emulator;
  app: RunningForemanApp;
  agent: AgentBackend;
  fullName: string;
  close(): Promise<void>;
};

/**
 * The whole local setup `foreman simulate` runs a plan in: a local GitHub whose repository has the
 * task workflow installed (and an example's files, when given), the real Foreman app registered and
 * installed on it, the App's id and key and the Anthropic key as the repository secrets the workflow
 * reads (and the variables the agent needs) — or, in `actions` mode, Foreman's workflow in place of the
 * app — and a local runner that runs that workflow with this checkout's Action in place of the
 * published one — the real Claude Code binary talking to whatever the agent choice puts behind it.
 */
export async function startSimulationWorld(options: {
  fullName: string;
  agent: AgentChoice;
  tasks: ReadonlyMap<string, SyntheticTask>;
  files?: Readonly<Record<string, string>>;
  sessions?: Readonly<Record<string, readonly RecordedSession[]>>;
  faults?: string;
  seed?: number;
  dataDir?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** how Foreman is hosted (default `app`) */
  mode?: SimulationMode;
}): Promise<SimulationWorld> {
  const agent = await startAgentBackend(options.agent, {
    tasks: options.tasks,
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
    env: options.env,
  });
  let emulator: Emulator | undefined;
  try {
    emulator = await startEmulator({
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      actionPaths: { ...SIMULATION_ACTION_PATHS },
      runnerEnv: agent.runnerEnv,
    });
    await installSimulationRepository(emulator, options.fullName, {
      ...(options.files === undefined ? {} : { files: options.files }),
    });
    const app = await startForemanHost(emulator, {
      mode: options.mode ?? "app",
      fullName: options.fullName,
      engine: true,
    });
    emulator.setActionsSecret(options.fullName, "FOREMAN_APP_ID", String(app.appId));
    emulator.setActionsSecret(options.fullName, "FOREMAN_APP_PRIVATE_KEY", app.privateKey);
    emulator.setActionsSecret(options.fullName, "ANTHROPIC_API_KEY", agent.apiKey);
    for (const [name, value] of Object.entries(agent.variables))
      emulator.setActionsVariable(options.fullName, name, value);
    const running = emulator;
    return {
      emulator: running,
      app,
      agent,
      fullName: options.fullName,
      async close() {
        await app.close();
        await running.close();
        await agent.close();
      },
    };
  } catch (error) {
    await emulator?.close();
    await agent.close();
    throw error;
  }
}
