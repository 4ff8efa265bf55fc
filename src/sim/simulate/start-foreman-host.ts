import type { Emulator } from "@foreman/local-github";
import { startForemanActions } from "./start-foreman-actions.ts";
import { type RunningForemanApp, startForemanApp } from "./start-foreman-app.ts";

/**
 * How the simulation hosts Foreman: `app` runs the Probot app behind signed webhooks; `actions` runs
 * nothing — the local GitHub runs `templates/workflows/foreman.yml` on every event.
 */
export type SimulationMode = "app" | "actions";

/** Foreman on `fullName`, hosted as `mode` says, with the engine on or (plan stage only) off. */
export function startForemanHost(
  emulator: Emulator,
  options: { mode: SimulationMode; fullName: string; engine: boolean },
): Promise<RunningForemanApp> {
  return options.mode === "actions"
    ? startForemanActions(emulator, { fullName: options.fullName, engine: options.engine })
    : startForemanApp(emulator, { engine: options.engine });
}
