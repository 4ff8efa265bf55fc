import type { Emulator } from "@foreman/local-github";
import { createForemanOctokit } from "../../src/github/create-foreman-octokit.ts";
import { createOctokitForge } from "../../src/github/create-octokit-forge.ts";
import type { Forge } from "../../src/github/forge.ts";
import { SIMULATION_OCTOKIT_SETTINGS } from "../../src/sim/simulate/start-foreman-app.ts";

export const SELF = "foreman[bot]";

/** The Octokit `npm start` builds (at the simulator's pace), authenticated with a user's token. */
export function foremanOctokitFor(emulator: Emulator, login: string) {
  const Octokit = createForemanOctokit(SIMULATION_OCTOKIT_SETTINGS);
  // Failed requests are the point of some tests; Octokit need not print them.
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  return new Octokit({ auth: { token: emulator.userToken(login) }, baseUrl: emulator.url, log });
}

/** A Forge on acme/demo over that Octokit, as Foreman (`foreman[bot]`) sees it. */
export function forgeFor(emulator: Emulator, login = SELF): Forge {
  const octokit = foremanOctokitFor(emulator, login);
  return createOctokitForge({
    request: (route, parameters) => octokit.request(route, parameters),
    owner: "acme",
    repo: "demo",
    selfLogin: SELF,
  });
}
